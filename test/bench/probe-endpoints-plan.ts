import { openKeptPostgresSeed } from './kept-postgres-seed.ts';
import { explainEach, timeStatements } from './statement-timings.ts';

// `tsx test/bench/probe-endpoints-plan.ts <size> [minute]`: grows a kept PostgreSQL database (tg_probe_endpoints,
// seeded the bench's way up to a fixed instant at <minute> past an hour) to <size> requests, then times every
// statement the bench's endpoints and comparePeriods queries run (ranges ending at that instant, so their end
// has nothing after it as at now) and prints EXPLAIN (ANALYZE, BUFFERS) for each. A diagnosis tool.
const size = Number(process.argv[2] ?? 1_000_000);
const minute = Number(process.argv[3] ?? 25);
const { db, until } = await openKeptPostgresSeed('tg_probe_endpoints', size, minute);
await timeStatements(
  db,
  until,
  ['24h endpoints by p95 change', '7-day endpoints', '24h comparePeriods vs previous day'],
  explainEach(db, String(size)),
);
await db.close();
