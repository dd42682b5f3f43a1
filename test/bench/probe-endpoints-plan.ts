import pg from 'pg';
import { ensureDemoAccount } from '../../src/domain/demo/seed-demo.ts';
import { median, openMigrated } from './bench-database.ts';
import { bulkSeedDemo } from './bulk-seed.ts';
import { TIMED_RUNS, timeStatements } from './statement-timings.ts';

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
await timeStatements(
  db,
  until,
  ['24h endpoints by p95 change', '7-day endpoints', '24h comparePeriods vs previous day'],
  async (queryName, medianMs, statements) => {
    console.log(`\n===== ${size} ${queryName}: median ${medianMs.toFixed(1)} ms`);
    for (const [text, { params, ms }] of statements) {
      const plan = await db.sql.query<{ 'QUERY PLAN': string }>(`EXPLAIN (ANALYZE, BUFFERS) ${text}`, params);
      console.log(
        `\n--- median ${median(ms).toFixed(2)} ms x${ms.length / TIMED_RUNS}`,
        JSON.stringify(params),
        '\n',
        text,
      );
      console.log(plan.map((row) => row['QUERY PLAN']).join('\n'));
    }
  },
);
await db.close();
