import { createHash } from 'node:crypto';
import { createGraphQLHarness } from '../helpers/graphql-harness.ts';
import { ANALYTICS_QUERIES, anchoredQuery } from './analytics-bench.ts';
import { openKeptPostgresSeed, probeInstant } from './kept-postgres-seed.ts';

// `tsx test/bench/probe-anomaly-reads.ts <database> <size> [runs] [until]`: grows the kept PostgreSQL database
// <database> to <size> requests (see openKeptPostgresSeed), then times the bench's two anomalies queries (ranges
// ending at <until>) through this checkout's GraphQL server, 3 warm-up runs then <runs> timed ones each, and
// prints one JSON line per query: its times (ms) and a hash of its answer. Run alternately from two checkouts
// against one kept database (old, new, new, old, ...) to compare code on the same data in the same window: one
// process cannot hold two checkouts' schemas (Pothos registers its plugins once per process).
const name = process.argv[2] ?? 'anomalies_reads_probe';
const size = Number(process.argv[3] ?? 1_000_000);
const runs = Number(process.argv[4] ?? 5);
const { db, until } = await openKeptPostgresSeed(name, size, probeInstant(process.argv[5]));
const harness = await createGraphQLHarness(db);

for (const [query, text] of Object.entries(ANALYTICS_QUERIES).filter(([query]) => query.includes('anomalies'))) {
  const anchored = anchoredQuery(text, until);
  let answer = '';
  const run = async () => {
    const started = performance.now();
    const result = await harness.execute(anchored);
    const ms = performance.now() - started;
    if (result.errors) throw new Error(`${query}: ${result.errors[0]!.message}`);
    answer = createHash('sha256').update(JSON.stringify(result.data)).digest('hex').slice(0, 16);
    return ms;
  };
  for (let i = 0; i < 3; i++) await run();
  const times: number[] = [];
  for (let i = 0; i < runs; i++) times.push(await run());
  process.stdout.write(`${JSON.stringify({ size, query, answer, times: times.map((t) => +t.toFixed(2)) })}\n`);
}
await db.close();
