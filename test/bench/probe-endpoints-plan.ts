import pg from 'pg';
import { ensureDemoAccount } from '../../src/domain/demo/seed-demo.ts';
import type { SqlClient } from '../../src/db/sql-client.ts';
import { createGraphQLHarness } from '../helpers/graphql-harness.ts';
import { ANALYTICS_QUERIES } from './analytics-bench.ts';
import { median, openMigrated } from './bench-database.ts';
import { bulkSeedDemo } from './bulk-seed.ts';

// `tsx test/bench/probe-endpoints-plan.ts <size> [minute]`: grows a kept PostgreSQL database (tg_probe_endpoints,
// seeded the bench's way up to a fixed instant at <minute> past an hour) to <size> requests, then times every
// statement the bench's endpoints and comparePeriods queries run (ranges ending at that instant, so their end
// has nothing after it as at now) and prints EXPLAIN (ANALYZE, BUFFERS) for each. A diagnosis tool.
const size = Number(process.argv[2] ?? 1_000_000);
const minute = Number(process.argv[3] ?? 25);
const name = 'tg_probe_endpoints';
const base = process.env.DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres';
const admin = new pg.Client({ connectionString: base });
await admin.connect();
if ((await admin.query('SELECT 1 FROM pg_database WHERE datname = $1', [name])).rowCount !== 1)
  await admin.query(`CREATE DATABASE ${name}`);
await admin.end();
const { db } = await openMigrated(base, name);
const until = new Date('2026-11-27T00:00:00Z');
until.setUTCMinutes(minute);
const options = { seed: 2026, requests: size, days: 30, until };
const stored = (await db.sql.query<{ stored: string }>('SELECT count(*)::text AS stored FROM "Request"'))[0]!.stored;
if (Number(stored) < size) {
  const account = await ensureDemoAccount(db, options);
  await bulkSeedDemo(db, 'postgres', account, options, Number(stored));
  await db.sql.exec('VACUUM ANALYZE');
  await db.sql.exec('CHECKPOINT');
}
const statements = new Map<string, { params: readonly unknown[]; ms: number[] }>();
let recordingOn = false;
const recording: SqlClient = {
  ...db.sql,
  async query(text, params = []) {
    const started = performance.now();
    const rows = await db.sql.query(text, params);
    if (recordingOn) {
      const seen = statements.get(text) ?? { params, ms: [] };
      seen.ms.push(performance.now() - started);
      statements.set(text, seen);
    }
    return rows as never;
  },
};
const harness = await createGraphQLHarness({ ...db, sql: recording });
const endsAtUntil = (query: string, span: string) =>
  query.replace(
    `since: "${span}"`,
    `from: "${new Date(until.getTime() - (span === '7d' ? 7 : 1) * 86_400_000).toISOString()}", to: "${until.toISOString()}"`,
  );
for (const queryName of ['24h endpoints by p95 change', '7-day endpoints', '24h comparePeriods vs previous day']) {
  const query = endsAtUntil(ANALYTICS_QUERIES[queryName]!, queryName.startsWith('7') ? '7d' : '24h');
  statements.clear();
  for (let i = 0; i < 3; i++) await harness.execute(query);
  recordingOn = true;
  const timings: number[] = [];
  for (let i = 0; i < 9; i++) {
    const started = performance.now();
    const result = await harness.execute(query);
    if (result.errors) throw new Error(`${queryName}: ${result.errors[0]!.message}`);
    timings.push(performance.now() - started);
  }
  recordingOn = false;
  console.log(`\n===== ${size} ${queryName}: median ${median(timings).toFixed(1)} ms`);
  for (const [text, { params, ms }] of statements) {
    const plan = await db.sql.query<{ 'QUERY PLAN': string }>(`EXPLAIN (ANALYZE, BUFFERS) ${text}`, params);
    console.log(`\n--- median ${median(ms).toFixed(2)} ms x${ms.length / 9}`, JSON.stringify(params), '\n', text);
    console.log(plan.map((row) => row['QUERY PLAN']).join('\n'));
  }
}
await db.close();
