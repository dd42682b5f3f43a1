import { spawn } from 'node:child_process';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import autocannon from 'autocannon';
import { openDatabase, type DatabaseKind } from '../../src/db/database.ts';
import { importSnapshot } from '../../src/domain/inventory/import-snapshot.ts';
import { createPostgresDatabase } from '../helpers/databases.ts';
import { scannedFile } from '../helpers/config-files.ts';
import { createAccount, createToken } from '../helpers/fixtures.ts';
import { startServerProcess } from '../helpers/server-process.ts';
import { mcpHeaders, openRawMcpSession } from '../helpers/raw-mcp.ts';
import { store, trafficFor } from '../helpers/traffic-data.ts';

export interface LoadResult {
  kind: DatabaseKind | 'bare yoga';
  scenario: string;
  requestsPerSecond: number;
  p50Ms: number;
  p99Ms: number;
  errors: number;
  requests: number;
}

const CONNECTIONS = 50;
const ADMIN = 'load-bench-admin-token-0123456789';
const TSX = fileURLToPath(new URL('../../node_modules/.bin/tsx', import.meta.url));

function run(
  name: string,
  kind: LoadResult['kind'],
  seconds: number,
  options: Omit<autocannon.Options, 'connections' | 'duration'>,
): Promise<LoadResult> {
  process.stderr.write(`load: ${kind} ${name}, ${CONNECTIONS} clients for ${seconds} s...\n`);
  return new Promise((resolve, reject) => {
    autocannon({ ...options, connections: CONNECTIONS, duration: seconds }, (error, result) => {
      if (error) return reject(error);
      // Anything but a 2xx counts: refused, reset, timed out or answered with an error status.
      const errors = result.errors + result.timeouts + result.non2xx;
      const line: LoadResult = {
        kind,
        scenario: name,
        requestsPerSecond: result.requests.average,
        p50Ms: result.latency.p50,
        p99Ms: result.latency.p99,
        errors,
        requests: result.requests.total,
      };
      const statuses = Object.entries(result.statusCodeStats ?? {})
        .map(([code, stat]) => `${code}: ${stat.count}`)
        .join(', ');
      process.stderr.write(
        `load: ${kind} ${name}: ${line.requestsPerSecond.toFixed(0)} req/s, p50 ${line.p50Ms} ms, p99 ${line.p99Ms} ms, ${errors} errors ` +
          `(${result.errors} socket errors, ${result.timeouts} timeouts, ${result.non2xx} non-2xx; statuses ${statuses})\n`,
      );
      resolve(line);
    });
  });
}

/** Data for the three scenarios: 20k requests over the last day, one snapshot with a few servers, a token. */
export async function prepare(
  kind: DatabaseKind,
): Promise<{ env: Record<string, string>; token: string; dispose(): Promise<void> }> {
  const dataDir = await mkdtemp(path.join(tmpdir(), 'tg-load-'));
  const database = kind === 'postgres' ? await createPostgresDatabase() : null;
  const db = await openDatabase(database ? { databaseUrl: database.url, dataDir } : { dataDir });
  await db.migrate();
  const account = await createAccount(db, 'load');
  await store(db, trafficFor(account, { seed: 5, requests: 20_000, days: 1, until: new Date() }));
  const servers = Object.fromEntries(
    Array.from({ length: 8 }, (_, i) => [
      `server-${i}`,
      { command: 'npx', args: ['-y', `@example/server-${i}`], env: { NODE_ENV: 'production' } },
    ]),
  );
  await importSnapshot(db, account.accountId, {
    label: 'load',
    hostname: 'bench.local',
    platform: 'linux',
    takenAt: new Date(),
    files: [
      scannedFile({
        client: 'cursor',
        fileName: 'mcp.json',
        filePath: '/home/bench/.cursor/mcp.json',
        content: JSON.stringify({ mcpServers: servers }),
      }),
    ],
  });
  const token = (
    await createToken(db, account, {
      environment: 'production',
      buckets: 'all',
      scopes: ['traffic:read', 'events:read', 'config:read', 'inventory:read'],
    })
  ).secret;
  await db.close();
  // Rate limits off: 50 clients from one address are the point of this test, not an attack.
  const env = {
    DATA_DIR: dataDir,
    ADMIN_TOKEN: ADMIN,
    DEMO_DATA: 'false',
    RATE_LIMIT_PER_TOKEN: '0',
    RATE_LIMIT_PER_ADDRESS: '0',
    LOG_LEVEL: 'warn',
    ...(database ? { DATABASE_URL: database.url } : {}),
  };
  return {
    env,
    token,
    dispose: async () => (await database?.drop(), await rm(dataDir, { recursive: true, force: true })),
  };
}

/** GraphQL metrics, an MCP tool call and a REST list at 50 clients each, against the real server in its own process. */
export async function benchLoad(kind: DatabaseKind, seconds: number): Promise<LoadResult[]> {
  const { env, token, dispose } = await prepare(kind);
  const server = await startServerProcess(env);
  try {
    const auth = { authorization: `Bearer ${token}`, 'content-type': 'application/json' };
    const results = [
      await run('GraphQL metrics (24h)', kind, seconds, {
        url: `${server.url}/graphql`,
        method: 'POST',
        headers: auth,
        body: JSON.stringify({
          query: '{ metrics(range: { since: "24h" }) { totalRequests errorRate averageResponseTimeMs } }',
        }),
      }),
    ];
    const sessionId = await openRawMcpSession(server.url, token);
    results.push(
      await run('MCP tool call (get_metrics)', kind, seconds, {
        url: `${server.url}/mcp`,
        method: 'POST',
        headers: mcpHeaders(token, sessionId),
        body: JSON.stringify({
          jsonrpc: '2.0',
          id: 2,
          method: 'tools/call',
          params: { name: 'get_metrics', arguments: { since: '24h' } },
        }),
      }),
    );
    results.push(
      await run('REST list (mcp-servers)', kind, seconds, {
        url: `${server.url}/api/v1/mcp-servers?limit=20`,
        headers: { authorization: `Bearer ${token}` },
      }),
    );
    return results;
  } finally {
    await server.stop();
    await dispose();
  }
}

/** The same load on a bare yoga server answering `{ hello }`: what HTTP + yoga cost without us. */
export async function benchBareYoga(seconds: number): Promise<LoadResult> {
  const child = spawn(TSX, [fileURLToPath(new URL('./bare-yoga-server.ts', import.meta.url))], {
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  const url = await new Promise<string>((resolve, reject) => {
    child.stdout.on('data', (chunk: Buffer) => {
      const match = /listening on (\S+)/.exec(chunk.toString());
      if (match) resolve(match[1]!);
    });
    child.once('exit', (code) => reject(new Error(`bare yoga server exited with ${code}`)));
  });
  try {
    return await run('bare yoga { hello }', 'bare yoga', seconds, {
      url: `${url}/graphql`,
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ query: '{ hello }' }),
    });
  } finally {
    child.kill('SIGTERM');
  }
}
