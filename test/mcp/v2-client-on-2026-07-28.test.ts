import type { Client } from '@modelcontextprotocol/client';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { importSnapshot } from '../../src/domain/inventory/import-snapshot.ts';
import { ALL_TOOLS } from '../../src/mcp/tool-registry.ts';
import { startTestApp, revokeTokenAsAdmin } from '../helpers/app-server.ts';
import { scannedFile } from '../helpers/config-files.ts';
import { createAccount, createToken, type TestAccount } from '../helpers/fixtures.ts';
import { connectV2 } from '../helpers/mcp-v2-client.ts';
import { store, trafficFor } from '../helpers/traffic-data.ts';

const UNTIL = new Date(Math.floor(Date.now() / 3_600_000) * 3_600_000);
const EVERY_SCOPE = ['traffic:read', 'events:read', 'events:write', 'config:read', 'inventory:read'] as const;

type ToolResult = {
  content: { type: string; text: string }[];
  structuredContent?: Record<string, unknown>;
  isError?: boolean;
};

describe('the SDK v2 client pinned to the 2026-07-28 revision', () => {
  let app: Awaited<ReturnType<typeof startTestApp>>;
  let account: TestAccount;
  let client: Client;

  const call = async (name: string, args: Record<string, unknown> = {}) =>
    (await client.callTool({ name, arguments: args })) as ToolResult;

  beforeAll(async () => {
    app = await startTestApp();
    account = await createAccount(app.db, 'modern', ['production'], ['checkout']);
    await store(app.db, trafficFor(account, { seed: 17, requests: 500, days: 1, until: UNTIL }));
    await importSnapshot(app.db, account.accountId, {
      label: 'laptop',
      hostname: 'sam-laptop',
      platform: 'darwin',
      takenAt: new Date(UNTIL.getTime() - 3_600_000),
      files: [
        scannedFile({
          client: 'claude_desktop',
          fileName: 'claude_desktop_config.json',
          filePath: '/Users/sam/Library/Application Support/Claude/claude_desktop_config.json',
          content: JSON.stringify({ mcpServers: { fetch: { command: 'uvx', args: ['mcp-server-fetch'] } } }),
        }),
      ],
    });
    const { secret } = await createToken(app.db, account, { environment: 'production', scopes: [...EVERY_SCOPE] });
    client = await connectV2(app.url, secret, { pin: '2026-07-28' });
  });
  afterAll(async () => {
    await client?.close();
    await app.dispose();
  });

  it('negotiates 2026-07-28 with no session', () => {
    expect(client.getProtocolEra()).toBe('modern');
    expect(client.getNegotiatedProtocolVersion()).toBe('2026-07-28');
  });

  it('lists every tool, in the order 2025-era clients see them', async () => {
    const { tools } = await client.listTools();
    expect(tools.map((tool) => tool.name)).toEqual(ALL_TOOLS.map((tool) => tool.name));
    for (const tool of tools) {
      expect(tool.annotations, tool.name).toBeDefined();
      expect(tool.outputSchema, tool.name).toBeDefined();
    }
  });

  it('answers one call of every tool with structured content', async () => {
    const found = await call('search_requests', { since: '2d', limit: 1 });
    const requestId = (found.structuredContent as { requests: { id: string }[] }).requests[0]!.id;
    const servers = await call('list_mcp_servers');
    const serverId = (servers.structuredContent as { servers: { id: number }[] }).servers[0]!.id;
    const created = await call('create_event', { type: 'deployment', title: 'Deploy 2.0.0', version: '2.0.0' });
    const eventId = (created.structuredContent as { id: string }).id;
    const args: Record<string, Record<string, unknown>> = {
      get_request_detail: { id: requestId },
      get_mcp_server: { id: serverId },
      compare_periods: { event_id: eventId, window: '1h' },
      create_event: { type: 'incident', title: 'Checkout slow' },
    };
    const called = [found, servers, created];
    for (const tool of ALL_TOOLS) {
      if (['search_requests', 'list_mcp_servers', 'create_event'].includes(tool.name)) continue;
      const result = await call(tool.name, args[tool.name] ?? {});
      called.push(result);
      expect(result.isError, `${tool.name}: ${result.content[0]?.text}`).toBeFalsy();
      expect(tool.output.safeParse(result.structuredContent).success, tool.name).toBe(true);
    }
    expect(called).toHaveLength(ALL_TOOLS.length);
  });

  it('lets the client cache tools/list and prompts/list privately for an hour', async () => {
    expect(await client.listTools()).toMatchObject({ ttlMs: 3_600_000, cacheScope: 'private' });
    expect(await client.listPrompts()).toMatchObject({ ttlMs: 3_600_000, cacheScope: 'private' });
  });

  it('starts a prompt by name with an argument completed from real values', async () => {
    const completion = await client.complete({
      ref: { type: 'ref/prompt', name: 'investigate_errors' },
      argument: { name: 'bucket', value: 'che' },
    });
    expect(completion.completion.values).toEqual(['checkout']);
    const prompt = await client.getPrompt({ name: 'investigate_errors', arguments: { bucket: 'checkout' } });
    const content = prompt.messages[0]!.content;
    expect(content.type === 'text' ? content.text : '').toContain('get_errors');
  });

  it('answers bad arguments with an isError result the model can read', async () => {
    const result = await call('get_metrics', { since: 42 });
    expect(result.isError).toBe(true);
    expect(result.content[0]!.text).toMatch(/Invalid arguments for get_metrics: since: .*Check the arguments/);
  });

  it('answers an unknown tool with -32602', async () => {
    await expect(call('drop_tables')).rejects.toThrow(/Unknown tool: drop_tables/);
  });

  it('refuses a revoked token on its next call', async () => {
    const token = await createToken(app.db, account, { environment: 'production' });
    const doomed = await connectV2(app.url, token.secret, { pin: '2026-07-28' });
    try {
      expect((await doomed.callTool({ name: 'list_buckets', arguments: {} })).isError).toBeFalsy();
      expect(await revokeTokenAsAdmin(app.url, token.id)).toEqual({ revokeAccessToken: { status: 'revoked' } });
      await expect(doomed.callTool({ name: 'list_buckets', arguments: {} })).rejects.toThrow(
        /401|invalid, revoked or expired/,
      );
    } finally {
      await doomed.close().catch(() => {});
    }
  });
});
