import { openDatabase } from '../../src/db/database.ts';
import { createAccount } from '../helpers/fixtures.ts';
import { store, trafficFor } from '../helpers/traffic-data.ts';

// `tsx test/bench/probe-analyze-route-rollup.ts <requests>`: PGlite in memory, <requests> demo requests over 30
// days, then times ANALYZE of the tables the statistics keeper refreshes, with and without RouteRollup (all
// columns, or only those its reads filter on).
const requests = Number(process.argv[2] ?? 100_000);
const db = await openDatabase({ dataDir: 'memory://' });
await db.migrate();
const account = await createAccount(db, 'probe', ['production'], ['orders', 'billing']);
await store(db, trafficFor(account, { seed: 1, requests, days: 30, until: new Date('2026-11-01T00:00:00Z') }));
const [rows] = await db.sql.query<{ n: string }>('SELECT count(*)::text AS n FROM "RouteRollup"');
const time = async (tables: string) => {
  const ms: number[] = [];
  for (let i = 0; i < 5; i++) {
    const started = performance.now();
    await db.sql.exec(`ANALYZE ${tables}`);
    ms.push(performance.now() - started);
  }
  return ms.sort((a, b) => a - b)[2]!.toFixed(1);
};
const keeper = '"Request", "RequestRollup", "LatencyHistogram", "ErrorRollup"';
console.log(`requests ${requests}, RouteRollup rows ${rows!.n}`);
console.log(`ANALYZE keeper tables: ${await time(keeper)} ms (median of 5)`);
console.log(`ANALYZE "RouteRollup" alone: ${await time('"RouteRollup"')} ms`);
console.log(`ANALYZE both: ${await time(`${keeper}, "RouteRollup"`)} ms`);
const keys = '"RouteRollup" ("environmentId", "bucketId", "period", "periodStart", "method", "route")';
console.log(`ANALYZE RouteRollup's key columns alone: ${await time(keys)} ms`);
console.log(`ANALYZE keeper tables again: ${await time(keeper)} ms`);
console.log(`ANALYZE keeper tables and RouteRollup's key columns: ${await time(`${keeper}, ${keys}`)} ms`);
await db.close();
