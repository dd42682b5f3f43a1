import { mkdir } from 'node:fs/promises';
import { openDatabase } from '../../src/db/database.ts';
import { ensureDemoAccount } from '../../src/domain/demo/seed-demo.ts';
import { ANALYTICS_QUERIES } from './analytics-bench.ts';
import { median } from './bench-database.ts';
import { bulkSeedDemo } from './bulk-seed.ts';
import { TIMED_RUNS, timeStatements } from './statement-timings.ts';

// `tsx test/bench/probe-pglite-reads.ts <size> [days] [minute]`: grows a kept PGlite database (under
// /tmp/tg_probe/pglite-<days>d, seeded the bench's way over <days> days up to a fixed instant at <minute> past an
// hour) to <size> requests, then times every statement of the bench's issue 18 queries (ranges ending at that
// instant) with the rows each returns. A diagnosis tool: seeding 2 days at the 1M and 5M densities of the bench
// (about 67k and 333k requests) reproduces the density of the bench's last day in minutes instead of 20.
const size = Number(process.argv[2] ?? 66_667);
const days = Number(process.argv[3] ?? 2);
const minute = Number(process.argv[4] ?? 25);
// PROBE_DATA_DIR keeps a copy at another size apart, to compare code at both densities without reseeding.
const dataDir = process.env.PROBE_DATA_DIR ?? `/tmp/tg_probe/pglite-${days}d`;
await mkdir(dataDir, { recursive: true });
const db = await openDatabase({ dataDir });
await db.migrate();
const until = new Date('2026-11-27T00:00:00Z');
until.setUTCMinutes(minute);
const options = { seed: 2026, requests: size, days, until };
const stored = Number(
  (await db.sql.query<{ stored: string }>('SELECT count(*)::text AS stored FROM "Request"'))[0]!.stored,
);
if (stored < size) {
  const account = await ensureDemoAccount(db, options);
  await bulkSeedDemo(db, 'pglite', account, options, stored);
  await db.sql.exec('ANALYZE');
}
const names = (process.env.PROBE_QUERIES ?? '24h endpoints by p95 change,24h response times, one route').split(',');
await timeStatements(
  db,
  until,
  Object.keys(ANALYTICS_QUERIES).filter((name) => names.some((n) => name.startsWith(n))),
  async (queryName, medianMs, statements) => {
    console.log(`\n===== ${size} over ${days}d, ${queryName}: median ${medianMs.toFixed(1)} ms`);
    for (const [text, { params, ms, rows }] of statements)
      console.log(
        `--- median ${median(ms).toFixed(2)} ms x${ms.length / TIMED_RUNS} rows ${rows}`,
        JSON.stringify(params).slice(0, 200),
        '\n',
        text.replace(/\s+/g, ' ').slice(0, 300),
      );
  },
);
await db.close();
