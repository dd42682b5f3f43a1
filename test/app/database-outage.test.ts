import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { privateServicesAvailable, startPrivatePostgres, type PrivateService } from '../helpers/private-services.ts';
import { postGraphQL, startServerProcess, type ServerProcess } from '../helpers/server-process.ts';
import { INITIALIZE, postMcp } from '../helpers/raw-mcp.ts';

const ADMIN_TOKEN = 'db-outage-admin-token-0123456789';
const records = (from: number, n: number) =>
  Array.from({ length: n }, (_, i) => ({
    id: `outage-${from + i}`,
    bucket: 'payments-api',
    method: 'GET',
    url: `https://api.example.com/v1/items/${from + i}`,
    status: 200,
    duration_ms: 12,
    timestamp: new Date().toISOString(),
  }));

describe.runIf(privateServicesAvailable('the PostgreSQL outage test'))('PostgreSQL stops and starts again', () => {
  let postgres: PrivateService;
  let server: ServerProcess;
  let dataDir: string;
  let token: string;

  const ingest = (from: number, n: number) =>
    fetch(`${server.url}/api/v1/ingest`, {
      method: 'POST',
      headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
      body: JSON.stringify(records(from, n)),
    });
  const stored = async () =>
    (
      await postGraphQL<{ metrics: { totalRequests: number } }>(
        server.url,
        ADMIN_TOKEN,
        '{ metrics(environment: "production", range: { since: "1h" }) { totalRequests } }',
      )
    ).body.data!.metrics.totalRequests;

  beforeAll(async () => {
    postgres = await startPrivatePostgres();
    dataDir = await mkdtemp(path.join(tmpdir(), 'tg-db-outage-'));
    server = await startServerProcess({ DATA_DIR: dataDir, ADMIN_TOKEN, DATABASE_URL: postgres.url });
    await postGraphQL(
      server.url,
      ADMIN_TOKEN,
      'mutation { seedDemoData(input: { seed: 1, requests: 0, days: 1, until: "2026-01-01T00:00:00Z", offset: 0, count: 1 }) { accountCreated } }',
    );
    const created = await postGraphQL<{ createAccessToken: { secret: string } }>(
      server.url,
      ADMIN_TOKEN,
      'mutation { createAccessToken(input: { name: "agent", environment: "production", allBuckets: true, scopes: [TRAFFIC_WRITE, TRAFFIC_READ, INVENTORY_READ] }) { secret } }',
    );
    token = created.body.data!.createAccessToken.secret;
  }, 120_000);

  afterAll(async () => {
    await server?.stop();
    await postgres?.dispose();
    await rm(dataDir, { recursive: true, force: true });
  });

  it('fails readiness and answers 503 on every surface while down, then recovers with nothing lost', async () => {
    const first = await ingest(0, 100);
    expect(first.status).toBe(200);
    expect(await first.json()).toMatchObject({ accepted: 100 });
    expect(await stored()).toBe(100);
    expect((await fetch(`${server.url}/readyz`)).status).toBe(200);

    await postgres.stop();
    const readyz = await fetch(`${server.url}/readyz`);
    expect(readyz.status).toBe(503);
    expect(((await readyz.json()) as { status: string }).status).toBe('database unreachable');

    const graphql = await fetch(`${server.url}/graphql`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: `Bearer ${ADMIN_TOKEN}` },
      body: JSON.stringify({ query: '{ metrics(environment: "production") { totalRequests } }' }),
    });
    expect(graphql.status).toBe(503);
    expect(graphql.headers.get('retry-after')).not.toBeNull();
    const rest = await fetch(`${server.url}/api/v1/mcp-servers`, { headers: { authorization: `Bearer ${token}` } });
    expect(rest.status).toBe(503);
    const during = await ingest(100, 50);
    expect(during.status).toBe(503);
    expect(JSON.stringify(await during.json())).not.toMatch(/ECONNREFUSED|at .*\.ts/);
    const mcp = await postMcp(server.url, token, INITIALIZE);
    expect(mcp.status).toBe(503);
    expect(server.child.exitCode).toBeNull();

    await postgres.start();
    const deadline = Date.now() + 20_000;
    while ((await fetch(`${server.url}/readyz`)).status !== 200) {
      if (Date.now() > deadline) throw new Error('readyz did not recover');
      await new Promise((resolve) => setTimeout(resolve, 200));
    }
    // The batch refused with 503 was not acknowledged; sent again, it is stored once.
    expect((await ingest(100, 50)).status).toBe(200);
    expect(await stored()).toBe(150);
  }, 90_000);
});
