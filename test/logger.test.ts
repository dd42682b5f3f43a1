import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { fakeSecrets } from './helpers/fake-secrets.ts';
import { fileInput } from './helpers/config-files.ts';
import { postGraphQL, startServerProcess } from './helpers/server-process.ts';
import { openRawMcpSession, postMcp } from './helpers/raw-mcp.ts';

const ADMIN_TOKEN = 'log-test-admin-token-0123456789abcdef';

describe('the server log at its most verbose', () => {
  it('names every request by its id on every surface and holds none of the secrets the run used', async () => {
    const dataDir = await mkdtemp(path.join(tmpdir(), 'tg-log-'));
    const secrets = fakeSecrets();
    const server = await startServerProcess({ DATA_DIR: dataDir, ADMIN_TOKEN, DEMO_DATA: 'false', LOG_LEVEL: 'trace' });
    const used: string[] = [ADMIN_TOKEN, ...secrets.map((s) => s.secret)];
    try {
      await postGraphQL(
        server.url,
        ADMIN_TOKEN,
        'mutation { seedDemoData(input: { seed: 1, requests: 0, days: 1, until: "2026-01-01T00:00:00Z", offset: 0, count: 1 }) { accountCreated } }',
      );
      const token = (
        await postGraphQL<{ createAccessToken: { secret: string } }>(
          server.url,
          ADMIN_TOKEN,
          'mutation { createAccessToken(input: { name: "logged", environment: "production", allBuckets: true, scopes: [TRAFFIC_READ, TRAFFIC_WRITE, EVENTS_WRITE, INVENTORY_READ, CONFIG_READ] }) { secret } }',
        )
      ).body.data!.createAccessToken.secret;
      used.push(token);
      const wrongToken = `tgp_${'Z'.repeat(40)}`;
      used.push(wrongToken);
      const auth = (t: string, id: string) => ({
        authorization: `Bearer ${t}`,
        'content-type': 'application/json',
        'x-request-id': id,
      });

      // Traffic full of secrets, in headers, query strings and bodies.
      const records = secrets.map((s, i) => ({
        bucket: 'payments-api',
        method: 'POST',
        url: `https://api.example.com/v1/pay?key=${encodeURIComponent(s.value)}`,
        status: i % 5 === 0 ? 500 : 200,
        duration_ms: 20,
        timestamp: new Date().toISOString(),
        request_headers: { authorization: `Bearer ${s.value}`, 'x-api-key': s.value },
        request_body: JSON.stringify({ secret: s.value, note: `value ${s.value}` }),
      }));
      const ingest = await fetch(`${server.url}/api/v1/ingest`, {
        method: 'POST',
        headers: auth(token, 'log-rest-ingest'),
        body: JSON.stringify(records),
      });
      expect(ingest.status).toBe(200);
      // A snapshot whose servers carry every secret.
      const env = Object.fromEntries(secrets.map((s, i) => [`KEY_${i}`, s.value]));
      await postGraphQL(
        server.url,
        ADMIN_TOKEN,
        `mutation($input: ImportSnapshotInput!) { importSnapshot(input: $input) { snapshotId } }`,
        {
          input: {
            label: 'log',
            hostname: 'h',
            platform: 'linux',
            takenAt: new Date().toISOString(),
            files: [
              fileInput({
                client: 'cursor',
                fileName: 'mcp.json',
                filePath: '/home/u/.cursor/mcp.json',
                content: JSON.stringify({
                  mcpServers: { leaky: { command: 'npx', args: ['--token', secrets[0]!.value], env } },
                }),
              }),
            ],
          },
        },
      );
      // Failures of every kind, with secrets in the arguments.
      await fetch(`${server.url}/graphql`, {
        method: 'POST',
        headers: auth(wrongToken, 'log-bad-token'),
        body: JSON.stringify({ query: '{ viewer { kind } }' }),
      });
      await fetch(`${server.url}/graphql`, {
        method: 'POST',
        headers: auth(token, 'log-graphql'),
        body: JSON.stringify({
          query: 'mutation($t: String!) { createEvent(input: { type: other, title: $t, url: "nope" }) { id } }',
          variables: { t: secrets[1]!.value },
        }),
      });
      await fetch(`${server.url}/api/v1/mcp-servers/99999?x=${encodeURIComponent(secrets[2]!.value)}`, {
        headers: auth(token, 'log-rest'),
      });
      // MCP: a session, a tool call, a failing tool call.
      const sessionId = await openRawMcpSession(server.url, token, { 'x-request-id': 'log-mcp-init' });
      used.push(sessionId);
      const call = {
        jsonrpc: '2.0',
        id: 2,
        method: 'tools/call',
        params: { name: 'search_requests', arguments: { query: secrets[3]!.value, since: 'not-a-time' } },
      };
      await postMcp(server.url, token, call, sessionId, { 'x-request-id': 'log-mcp-call' });
      await postMcp(server.url, token, { jsonrpc: '2.0', id: 3, method: 'tools/list' }, `${sessionId}x`, {
        'x-request-id': 'log-mcp-wrong-session',
      });
    } finally {
      expect(await server.stop()).toBe(0);
      await rm(dataDir, { recursive: true, force: true });
    }

    const log = server.output();
    const lines = log.split('\n').filter((line) => line.startsWith('{'));
    expect(lines.length).toBeGreaterThan(10);
    for (const id of ['log-rest-ingest', 'log-bad-token', 'log-graphql', 'log-rest', 'log-mcp-init', 'log-mcp-call']) {
      expect(
        lines.some((line) => (JSON.parse(line) as { requestId?: string }).requestId === id),
        `a log line for ${id}`,
      ).toBe(true);
    }
    for (const secret of used)
      expect(log.includes(secret), `the log holds a secret (${secret.slice(0, 6)}…)`).toBe(false);
  }, 120_000);
});
