import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { createPostgresDatabase, postgresUrl } from '../helpers/databases.ts';
import { postGraphQL, startServerProcess } from '../helpers/server-process.ts';

const ADMIN_TOKEN = 'crash-test-admin-token-0123456789';
const BATCH = 200;

const batch = (run: number, n: number) =>
  Array.from({ length: BATCH }, (_, i) => ({
    id: `crash-${run}-${n}-${i}`,
    bucket: 'payments-api',
    method: 'POST',
    url: `https://api.example.com/v1/charges/${n}-${i}`,
    status: 201,
    duration_ms: 10 + (i % 50),
    timestamp: new Date().toISOString(),
    request_body: JSON.stringify({ amount: i }),
  }));

async function countStored(url: string): Promise<number> {
  const result = await postGraphQL<{ searchRequests: { totalCount: number } }>(
    url,
    ADMIN_TOKEN,
    '{ searchRequests(environment: "production", range: { since: "1h" }, filter: { path: "/v1/charges/" }, first: 1) { totalCount } }',
  );
  return result.body.data!.searchRequests.totalCount;
}

/** Sends batches until killed mid-stream; returns how many records the server acknowledged. */
async function ingestUntilKilled(
  url: string,
  token: string,
  kill: () => void,
): Promise<{ acknowledged: number; inFlight: number }> {
  let acknowledged = 0;
  let inFlight = 0;
  for (let n = 0; n < 1000; n++) {
    if (n === 8) setTimeout(kill, 5); // kill while the ninth batch is being written
    inFlight = BATCH;
    try {
      const response = await fetch(`${url}/api/v1/ingest`, {
        method: 'POST',
        headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
        body: JSON.stringify(batch(0, n)),
      });
      const body = (await response.json()) as { accepted: number };
      acknowledged += body.accepted;
      inFlight = 0;
    } catch {
      return { acknowledged, inFlight };
    }
  }
  return { acknowledged, inFlight: 0 };
}

async function createWriter(url: string): Promise<string> {
  await postGraphQL(
    url,
    ADMIN_TOKEN,
    'mutation { seedDemoData(input: { seed: 1, requests: 0, days: 1, until: "2026-01-01T00:00:00Z", offset: 0, count: 1 }) { accountCreated } }',
  );
  const result = await postGraphQL<{ createAccessToken: { secret: string } }>(
    url,
    ADMIN_TOKEN,
    'mutation { createAccessToken(input: { name: "agent", environment: "production", allBuckets: true, scopes: [TRAFFIC_WRITE] }) { secret } }',
  );
  return result.body.data!.createAccessToken.secret;
}

describe.each([['embedded database'], ...(postgresUrl ? [['PostgreSQL']] : [])])(
  'killing the server mid-ingest (%s)',
  (kind) => {
    it('loses no acknowledged record, and half-writes none', async () => {
      const dataDir = await mkdtemp(path.join(tmpdir(), 'tg-crash-'));
      const database = kind === 'PostgreSQL' ? await createPostgresDatabase() : null;
      const env = {
        DATA_DIR: dataDir,
        ADMIN_TOKEN,
        DEMO_DATA: 'false',
        ...(database ? { DATABASE_URL: database.url } : {}),
      };
      try {
        const first = await startServerProcess(env);
        const writer = await createWriter(first.url);
        const { acknowledged, inFlight } = await ingestUntilKilled(first.url, writer, () =>
          first.child.kill('SIGKILL'),
        );
        await first.stop();
        expect(acknowledged).toBeGreaterThanOrEqual(8 * BATCH);
        const second = await startServerProcess(env);
        try {
          const stored = await countStored(second.url);
          // Every acknowledged record is there; the batch in flight is there whole or not at all.
          expect([acknowledged, acknowledged + inFlight]).toContain(stored);
        } finally {
          await second.stop();
        }
      } finally {
        await rm(dataDir, { recursive: true, force: true });
        await database?.drop();
      }
    });
  },
);
