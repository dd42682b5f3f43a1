import pg from 'pg';
import { openDatabase } from '../../src/db/database.ts';
import { ensureDemoAccount, seedDemoTraffic } from '../../src/domain/demo/seed-demo.ts';
import { createProgress } from '../../src/cli/progress.ts';
import { createGraphQLHarness } from '../helpers/graphql-harness.ts';
import { ANALYTICS_QUERIES } from './analytics-bench.ts';
import type { SqlClient } from '../../src/db/sql-client.ts';

// `tsx test/bench/probe-search-plan.ts <size>`: seeds a kept PostgreSQL database (tg_probe_<size>) once,
// then prints EXPLAIN ANALYZE for every statement the filtered search page runs. A diagnosis tool.
const size = Number(process.argv[2] ?? 5_000_000);
const name = `tg_probe_${size}`;
const base = process.env.DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres';
const admin = new pg.Client({ connectionString: base });
await admin.connect();
const exists = (await admin.query('SELECT 1 FROM pg_database WHERE datname = $1', [name])).rowCount === 1;
if (!exists) await admin.query(`CREATE DATABASE ${name}`);
await admin.end();
const url = new URL(base);
url.pathname = `/${name}`;
const db = await openDatabase({ databaseUrl: url.toString(), dataDir: 'unused' });
await db.migrate();
const until = new Date('2026-11-22T00:00:00Z');
const options = { seed: 2026, requests: size, days: 30, until };
if (!exists) {
  const account = await ensureDemoAccount(db, options);
  const progress = createProgress(`seeding ${size}`);
  for (let offset = 0; offset < size; offset += 20_000) {
    await seedDemoTraffic(db, account, options, { offset, count: 20_000 }, 5_000);
    progress.update(Math.min(offset + 20_000, size), size);
  }
  await db.sql.exec('VACUUM ANALYZE');
}
const statements: { text: string; params: readonly unknown[] }[] = [];
const recording: SqlClient = {
  ...db.sql,
  query: (text, params = []) => (statements.push({ text, params }), db.sql.query(text, params)),
};
const harness = await createGraphQLHarness({ ...db, sql: recording });
const query = ANALYTICS_QUERIES['filtered search page']!.replace(
  'since: "24h"',
  `from: "${new Date(until.getTime() - 86_400_000).toISOString()}", to: "${until.toISOString()}"`,
);
for (let i = 0; i < 5; i++) await harness.execute(query);
const timings: number[] = [];
for (let i = 0; i < 15; i++) {
  const started = performance.now();
  await harness.execute(query);
  timings.push(performance.now() - started);
}
console.log('median ms', timings.sort((a, b) => a - b)[7]!.toFixed(1));
const seen = new Set<string>();
for (const statement of statements) {
  if (seen.has(statement.text)) continue;
  seen.add(statement.text);
  const plan = await db.sql.query<{ 'QUERY PLAN': string }>(
    `EXPLAIN (ANALYZE, BUFFERS) ${statement.text}`,
    statement.params,
  );
  console.log('\n---', statement.text.slice(0, 300), '\n', plan.map((row) => row['QUERY PLAN']).join('\n'));
}
await db.close();
