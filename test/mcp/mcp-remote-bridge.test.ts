import { mkdtemp, rm } from 'node:fs/promises';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { Client } from '@modelcontextprotocol/sdk/client/index.js';
import { StdioClientTransport } from '@modelcontextprotocol/sdk/client/stdio.js';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { clientSnippets } from '../../src/console/client-snippets.ts';
import { startTestApp } from '../helpers/app-server.ts';
import { createAccount, createToken } from '../helpers/fixtures.ts';
import { store, trafficFor } from '../helpers/traffic-data.ts';

/** The installed bridge (a devDependency): what `npx -y mcp-remote` runs, without reaching the registry. */
const MCP_REMOTE = path.join(
  path.dirname(createRequire(import.meta.url).resolve('mcp-remote/package.json')),
  'dist/proxy.js',
);

interface DesktopConfig {
  mcpServers: { trafficgraph: { command: string; args: string[]; env: Record<string, string> } };
}

/**
 * Claude Desktop's config file starts local stdio servers only; the snippet trafficgraph prints for it
 * launches mcp-remote, which bridges stdio to the HTTP endpoint with the static token from `env`. This
 * runs that exact entry (args and env as printed) and talks to it as Claude Desktop would, over stdio.
 */
describe('the Claude Desktop snippet through the real mcp-remote bridge', () => {
  let app: Awaited<ReturnType<typeof startTestApp>>;
  let client: Client;
  let configDir: string;

  beforeAll(async () => {
    app = await startTestApp();
    const account = await createAccount(app.db, 'mcp-remote', ['production'], ['orders']);
    await store(app.db, trafficFor(account, { seed: 16, requests: 40, days: 1, until: new Date() }));
    const token = (await createToken(app.db, account, { environment: 'production' })).secret;
    const snippet = clientSnippets(app.url, token).find((s) => s.client === 'Claude Desktop: config file')!;
    const entry = (JSON.parse(snippet.text) as DesktopConfig).mcpServers.trafficgraph;
    expect(entry.command).toBe('npx');
    expect(entry.args.slice(0, 2)).toEqual(['-y', 'mcp-remote']);

    // mcp-remote keeps OAuth state under its config directory: a fresh one, so nothing from the machine leaks in.
    configDir = await mkdtemp(path.join(tmpdir(), 'tg-mcp-remote-'));
    const transport = new StdioClientTransport({
      command: process.execPath,
      args: [MCP_REMOTE, ...entry.args.slice(2)],
      env: { PATH: process.env.PATH ?? '', HOME: configDir, MCP_REMOTE_CONFIG_DIR: configDir, ...entry.env },
      stderr: 'pipe',
    });
    client = new Client({ name: 'claude-desktop-stand-in', version: '1.0.0' });
    await client.connect(transport);
  }, 60_000);

  afterAll(async () => {
    await client?.close();
    await app?.dispose();
    if (configDir) await rm(configDir, { recursive: true, force: true });
  });

  it('lists the tools through the bridge', async () => {
    const { tools } = await client.listTools();
    expect(tools.map((tool) => tool.name)).toEqual(
      expect.arrayContaining(['get_metrics', 'search_requests', 'get_errors']),
    );
  });

  it("calls a tool through the bridge and gets the token's traffic back", async () => {
    const result = (await client.callTool({ name: 'get_metrics', arguments: { since: '7d' } })) as {
      isError?: boolean;
      content: { type: string; text: string }[];
    };
    expect(result.isError).toBeFalsy();
    expect(result.content[0]!.text).toContain('Total requests: 40');
  });
});
