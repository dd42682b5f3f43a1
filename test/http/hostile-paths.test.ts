import { request, Agent } from 'node:http';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CONSOLE_PATH } from '../../src/http/console-route.ts';
import { GRAPHIQL_ASSETS_PREFIX, GRAPHIQL_ASSET_NAMES } from '../../src/http/graphiql-assets.ts';
import { LEGACY_MESSAGE_PATH, LEGACY_SSE_PATH } from '../../src/mcp/legacy-sse-route.ts';
import { INGEST_PATH } from '../../src/rest/ingest-route.ts';
import { MCP_SERVER_ROUTES } from '../../src/rest/mcp-server-routes.ts';
import { OPENAPI_PATH } from '../../src/rest/openapi.ts';
import { startServerProcess, type ServerProcess } from '../helpers/server-process.ts';

const ADMIN_TOKEN = `hostile-paths-admin-${'0123456789'.repeat(2)}`;

/** Segments that broke or could break a router: inherited property names, bad escapes, traversal, size. */
const HOSTILE_SEGMENTS = [
  'constructor',
  '__proto__',
  'toString',
  'hasOwnProperty',
  '%',
  '%E0%A4%A',
  '%zz',
  '..',
  '%2e%2e',
  'x'.repeat(10_000),
];

/**
 * Every route the server answers, from the tables and constants that define them: the REST route table,
 * the GraphiQL asset table, and each surface's path constant. The root routes (/, /healthz, /readyz,
 * /metrics, /graphql, /mcp) are matched inline in src/http/server.ts, so they are named here.
 */
const ROUTE_TEMPLATES = [
  '/',
  '/healthz',
  '/readyz',
  '/metrics',
  '/graphql',
  '/mcp',
  CONSOLE_PATH,
  `${CONSOLE_PATH}/console.js`,
  LEGACY_SSE_PATH,
  LEGACY_MESSAGE_PATH,
  INGEST_PATH,
  OPENAPI_PATH,
  ...GRAPHIQL_ASSET_NAMES.map((name) => `${GRAPHIQL_ASSETS_PREFIX}/${name}`),
  ...MCP_SERVER_ROUTES.map((route) => route.path),
];

/** Each template with hostile segments in every parameter, in place of its last segment, and after it. */
function hostilePaths(): string[] {
  const paths = new Set<string>();
  for (const template of ROUTE_TEMPLATES) {
    const parts = template.split('/');
    for (const segment of HOSTILE_SEGMENTS) {
      paths.add(parts.map((part) => (part.startsWith('{') ? segment : part)).join('/'));
      paths.add([...parts.slice(0, -1), segment].join('/'));
      paths.add(`${template.replace(/\/$/, '')}/${segment}`);
    }
  }
  return [...paths];
}

/** One raw request: node:http sends the path as given (fetch would resolve `..` before sending). */
function send(agent: Agent, url: URL, method: string, target: string, token: string | null): Promise<number> {
  return new Promise((resolve, reject) => {
    const req = request(
      {
        agent,
        host: url.hostname,
        port: url.port,
        method,
        path: target,
        headers: token ? { authorization: `Bearer ${token}` } : {},
      },
      (res) => {
        // Streams (legacy SSE) stay open: the status is all this test needs.
        resolve(res.statusCode ?? 0);
        res.destroy();
      },
    );
    req.setTimeout(20_000, () => req.destroy(new Error(`${method} ${target.slice(0, 80)} timed out`)));
    req.on('error', reject);
    req.end();
  });
}

describe('hostile path segments on every route', () => {
  let server: ServerProcess;
  let dataDir: string;

  beforeAll(async () => {
    dataDir = await mkdtemp(path.join(tmpdir(), 'tg-hostile-'));
    // Rate limits off: this test sends a few thousand requests from one address.
    server = await startServerProcess({
      DATA_DIR: dataDir,
      ADMIN_TOKEN,
      DEMO_DATA: 'false',
      RATE_LIMIT_PER_TOKEN: '0',
      RATE_LIMIT_PER_ADDRESS: '0',
    });
  }, 120_000);
  afterAll(async () => {
    await server?.stop();
    await rm(dataDir, { recursive: true, force: true });
  });

  it('never answer 500 and never end the process, with or without a token', async () => {
    const url = new URL(server.url);
    const agent = new Agent({ keepAlive: false });
    const failures: string[] = [];
    const calls = hostilePaths().flatMap((target) =>
      ['GET', 'POST', 'DELETE'].flatMap((method) => [ADMIN_TOKEN, null].map((token) => ({ target, method, token }))),
    );
    for (let i = 0; i < calls.length; i += 16) {
      await Promise.all(
        calls.slice(i, i + 16).map(async ({ target, method, token }) => {
          const status = await send(agent, url, method, target, token).catch((error: Error) => `${error.message}`);
          if (typeof status !== 'number' || status >= 500)
            failures.push(`${method} ${target.slice(0, 80)} ${token ? 'with' : 'without'} token: ${status}`);
        }),
      );
      expect(server.child.exitCode, `the server exited:\n${server.output()}`).toBeNull();
      expect(server.child.signalCode).toBeNull();
    }
    agent.destroy();
    expect(failures).toEqual([]);
    const health = await fetch(`${server.url}/healthz`);
    expect(health.status).toBe(200);
  }, 300_000);
});
