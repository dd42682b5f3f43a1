// Probe: `tsx test/bench/probe-store.ts <postgres|pglite> [records] [writers]` times storeRequests alone
// (no validation, rules or sanitizing) for batches of 500 demo records, to separate what the database
// costs from what the capture pipeline costs. Needs DATABASE_URL for postgres.
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { openDatabase } from '../../src/db/database.ts';
import { generateDemoRequest } from '../../src/domain/demo/generate-traffic.ts';
import { storeRequests } from '../../src/domain/ingest/store-requests.ts';
import { createPostgresDatabase } from '../helpers/databases.ts';
import { createAccount } from '../helpers/fixtures.ts';

const kind = process.argv[2] ?? 'postgres';
const total = Number(process.argv[3] ?? 50_000);
const writers = Number(process.argv[4] ?? 1);
const BATCH = 500;

const server = kind === 'postgres' ? await createPostgresDatabase() : null;
const dataDir = await mkdtemp(path.join(tmpdir(), 'probe-store-'));
const db = await openDatabase({ databaseUrl: server?.url, dataDir });
try {
  await db.migrate();
  const account = await createAccount(db, 'probe', ['production'], ['payments-api', 'users-api']);
  const [a, b] = Object.values(account.buckets);
  const env = account.environments.production!;
  const plan = {
    seed: 1,
    requests: total,
    days: 1,
    until: new Date(),
    accountId: account.accountId,
    environmentIds: { production: env, staging: env, development: env },
    bucketIds: { 'payments-api': a!, 'users-api': b!, 'search-api': a!, webhooks: b! },
  };
  const records = Array.from({ length: total }, (_, i) => generateDemoRequest(plan, i));
  const times: number[] = [];
  let next = 0;
  const started = performance.now();
  await Promise.all(
    Array.from({ length: writers }, async () => {
      while (next < total) {
        const batch = records.slice(next, (next += BATCH));
        const t = performance.now();
        await db.sql.transaction((tx) => storeRequests(tx, batch));
        times.push(performance.now() - t);
      }
    }),
  );
  const seconds = (performance.now() - started) / 1000;
  if (process.env.EXPLAIN) {
    // One more batch under EXPLAIN ANALYZE, to see which part of the statement costs what.
    const extra = Array.from({ length: BATCH }, (_, i) => ({ ...generateDemoRequest(plan, total + i), publicId: `probe_${i}` }));
    const explaining = { ...db.sql, query: async <Row extends Record<string, unknown>>(text: string, params?: readonly unknown[]) => {
      const plan = await db.sql.query<{ 'QUERY PLAN': string }>(`EXPLAIN (ANALYZE) ${text}`, params);
      console.log(plan.map((row) => row['QUERY PLAN']).join('\n'));
      return [] as Row[];
    } };
    await storeRequests(explaining, extra);
  }
  times.sort((x, y) => x - y);
  console.log(`${kind}, ${writers} writer(s): ${total} records, ${(total / seconds).toFixed(0)}/s, batch median ${times[times.length >> 1]!.toFixed(1)} ms`);
} finally {
  await db.close();
  await server?.drop();
  await rm(dataDir, { recursive: true, force: true });
}
