import { openKeptPostgresSeed, probeInstant } from './kept-postgres-seed.ts';
import { explainEach, timeStatements } from './statement-timings.ts';

// `tsx test/bench/probe-top-errors-plan.ts <database> <size> [until]`: grows the kept PostgreSQL database
// <database> (a tg_probe_* name; seeded the bench's way over 30 days up to the ISO instant <until>)
// to <size> requests, then times the statements of the bench's 30-day top error groups (range ending at that
// instant) and prints EXPLAIN (ANALYZE, BUFFERS) for each. A diagnosis tool: one database at 1M and one at 5M
// compare the two sizes without reseeding either.
const name = process.argv[2] ?? 'tg_probe_top_errors';
const size = Number(process.argv[3] ?? 1_000_000);
const { db, until } = await openKeptPostgresSeed(name, size, probeInstant(process.argv[4]));
await timeStatements(db, until, ['top error groups (30d)'], explainEach(db, `${name} ${size}`));
await db.close();
