import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { Client } from '@modelcontextprotocol/sdk/client/index.js';
import { StreamableHTTPClientTransport } from '@modelcontextprotocol/sdk/client/streamableHttp.js';
import { SSEClientTransport } from '@modelcontextprotocol/sdk/client/sse.js';
import { startServer, type RunningServer, type StartOptions } from '../../src/app.ts';
import { loadConfig } from '../../src/config.ts';
import { createLogger } from '../../src/logger.ts';
import { migratedDataDir } from './pglite-template.ts';
import { postGraphQL } from './server-process.ts';

export const TEST_ADMIN_TOKEN = 'app-test-admin-token-0123456789';

/** The real server in this process, on a free port, with an empty embedded database (or the given URLs). */
export async function startTestApp(
  env: Record<string, string> = {},
  options: StartOptions = {},
): Promise<RunningServer & { dispose(): Promise<void> }> {
  const embedded = !env.DATABASE_URL && !env.DATA_DIR;
  const dataDir = embedded ? await migratedDataDir() : await mkdtemp(path.join(tmpdir(), 'tg-app-'));
  // No scheduled purge unless a test asks: fixtures stamped at fixed dates must not vanish mid-suite.
  const config = loadConfig({
    PORT: '0',
    DATA_DIR: dataDir,
    DEMO_DATA: 'false',
    ADMIN_TOKEN: TEST_ADMIN_TOKEN,
    RETENTION_PURGE_INTERVAL_MINUTES: '0',
    ...env,
  });
  const running = await startServer(config, createLogger(process.env.TEST_LOG_LEVEL ?? 'silent'), options);
  return {
    ...running,
    async dispose() {
      await running.close();
      await rm(dataDir, { recursive: true, force: true });
    },
  };
}

/** The real MCP SDK client over Streamable HTTP. */
export async function connectStreamable(
  baseUrl: string,
  token: string,
  sessionId?: string,
): Promise<{ client: Client; transport: StreamableHTTPClientTransport }> {
  const transport = new StreamableHTTPClientTransport(new URL('/mcp', baseUrl), {
    requestInit: { headers: { Authorization: `Bearer ${token}` } },
    ...(sessionId ? { sessionId } : {}),
  });
  const client = new Client({ name: 'trafficgraph-tests', version: '1.0.0' });
  await client.connect(transport);
  return { client, transport };
}

/** The real MCP SDK client over the legacy SSE transport. */
export async function connectLegacySse(baseUrl: string, token: string): Promise<Client> {
  const headers = { Authorization: `Bearer ${token}` };
  const transport = new SSEClientTransport(new URL('/mcp/sse', baseUrl), {
    requestInit: { headers },
    eventSourceInit: {
      fetch: (url, init) =>
        fetch(url, { ...init, headers: { ...(init?.headers as Record<string, string>), ...headers } }),
    },
  });
  const client = new Client({ name: 'trafficgraph-tests-sse', version: '1.0.0' });
  await client.connect(transport);
  return client;
}

/** Revokes an access token through the GraphQL API, as an administrator would; returns the mutation's data. */
export async function revokeTokenAsAdmin(baseUrl: string, tokenId: string) {
  const revoked = await postGraphQL(
    baseUrl,
    TEST_ADMIN_TOKEN,
    'mutation($id: ID!) { revokeAccessToken(id: $id) { status } }',
    { id: tokenId },
  );
  return revoked.body.data;
}

/** cuids change every run; snapshots show them as <id>. */
export function stableText(text: string): string {
  return text.replace(/\bc[a-z0-9]{24}\b/g, '<id>');
}
