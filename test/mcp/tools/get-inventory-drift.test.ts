import { randomBytes } from 'node:crypto';
import type { Client } from '@modelcontextprotocol/sdk/client/index.js';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { connectStreamable, startTestApp, TEST_ADMIN_TOKEN } from '../../helpers/app-server.ts';
import { fileInput } from '../../helpers/config-files.ts';
import { createAccount, createToken } from '../../helpers/fixtures.ts';
import { postGraphQL } from '../../helpers/server-process.ts';

const IMPORT = `mutation($input: ImportSnapshotInput!) { importSnapshot(input: $input) { snapshotId } }`;

describe('get_inventory_drift', () => {
  let app: Awaited<ReturnType<typeof startTestApp>>;
  let reader: Client;
  let trafficOnly: Client;
  const first = `sk-proj-${randomBytes(24).toString('hex')}`;
  const second = `sk-proj-${randomBytes(24).toString('hex')}`;
  const snapshots: number[] = [];
  const send = async (takenAt: string, secret: string, extra: Record<string, unknown>) => {
    const file = fileInput({
      client: 'cursor',
      fileName: 'mcp.json',
      filePath: '/home/dev/.cursor/mcp.json',
      content: JSON.stringify({
        mcpServers: { openai: { command: 'uvx', args: ['mcp-openai'], env: { OPENAI_API_KEY: secret } }, ...extra },
      }),
    });
    const result = await postGraphQL<{ importSnapshot: { snapshotId: number } }>(app.url, TEST_ADMIN_TOKEN, IMPORT, {
      input: { machine: 'build-agent-7', takenAt, files: [file] },
    });
    expect(result.body.errors).toBeUndefined();
    snapshots.push(result.body.data!.importSnapshot.snapshotId);
  };

  beforeAll(async () => {
    app = await startTestApp();
    const account = await createAccount(app.db, 'fleet');
    await send('2026-05-01T08:00:00.000Z', first, { docs: { url: 'https://docs.example.com/mcp' } });
    await send('2026-05-02T08:00:00.000Z', second, {});
    reader = (
      await connectStreamable(
        app.url,
        (
          await createToken(app.db, account, { environment: 'production', scopes: ['inventory:read'] })
        ).secret,
      )
    ).client;
    trafficOnly = (
      await connectStreamable(
        app.url,
        (
          await createToken(app.db, account, { environment: 'production', scopes: ['traffic:read'] })
        ).secret,
      )
    ).client;
  });
  afterAll(async () => {
    await reader?.close();
    await trafficOnly?.close();
    await app?.dispose();
  });

  it('is listed for inventory:read only', async () => {
    expect((await reader.listTools()).tools.map((t) => t.name)).toContain('get_inventory_drift');
    expect((await trafficOnly.listTools()).tools.map((t) => t.name)).not.toContain('get_inventory_drift');
  });

  it('answers structured drift and a readable text, the secret rotated but never shown', async () => {
    const result = await reader.callTool({ name: 'get_inventory_drift', arguments: { machine: 'build-agent-7' } });
    expect(result.isError).toBeFalsy();
    expect(result.structuredContent).toEqual({
      steps: [
        {
          machine: 'build-agent-7',
          hostname: null,
          from_snapshot_id: snapshots[0],
          to_snapshot_id: snapshots[1],
          from_taken_at: '2026-05-01T08:00:00.000Z',
          to_taken_at: '2026-05-02T08:00:00.000Z',
          servers: [
            {
              server_name: 'docs',
              client: 'cursor',
              file_path: '/home/[REDACTED_PII]/.cursor/mcp.json',
              change: 'removed',
              fields: [],
            },
            {
              server_name: 'openai',
              client: 'cursor',
              file_path: '/home/[REDACTED_PII]/.cursor/mcp.json',
              change: 'changed',
              fields: [{ field: 'env.OPENAI_API_KEY', change: 'rotated', before: null, after: null }],
            },
          ],
        },
      ],
    });
    const text = (result.content as { type: string; text: string }[])[0]!.text;
    expect(text).toContain(`snapshot ${snapshots[0]} (2026-05-01T08:00:00.000Z) -> ${snapshots[1]}`);
    expect(text).toMatch(/openai\s+cursor\s+env\.OPENAI_API_KEY rotated/);
    expect(JSON.stringify(result)).not.toContain(first.slice(8));
    expect(JSON.stringify(result)).not.toContain(second.slice(8));
  });

  it('refuses an out-of-range snapshot count with a clear error', async () => {
    const result = await reader.callTool({ name: 'get_inventory_drift', arguments: { snapshots: 1 } });
    expect(result.isError).toBe(true);
    expect(JSON.stringify(result.content)).toMatch(/snapshots/);
  });
});
