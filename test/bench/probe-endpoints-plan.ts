import { openKeptPostgresSeed, probeInstant } from './kept-postgres-seed.ts';
import { explainEach, timeStatements } from './statement-timings.ts';

// `tsx test/bench/probe-endpoints-plan.ts <size> [until]`: grows a kept PostgreSQL database (tg_probe_endpoints,
// seeded and vacuumed the bench's way up to the ISO instant <until>, by default 2026-11-27T09:29:00Z) to <size>
// requests, then times every statement the bench's endpoints and comparePeriods queries run (ranges ending at that
// instant, so their end has nothing after it as at the bench's anchor) and prints EXPLAIN (ANALYZE, BUFFERS) for
// each. A diagnosis tool; grow 1M to 5M with the same <until>.
const size = Number(process.argv[2] ?? 1_000_000);
const { db, until } = await openKeptPostgresSeed('tg_probe_endpoints', size, probeInstant(process.argv[3]));
await timeStatements(
  db,
  until,
  ['24h endpoints by p95 change', '7-day endpoints', '24h comparePeriods vs previous day'],
  explainEach(db, String(size)),
);
await db.close();
