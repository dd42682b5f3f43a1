import type { DatabaseKind } from '../../src/db/database.ts';
import { benchDatabase, median } from './bench-database.ts';
import { createStoreTarget, demoRecordsFor, measureStore } from './store-throughput.ts';

export interface RouteRollupCostResult {
  kind: DatabaseKind;
  records: number;
  /** Records per second through storeRequests, 1 writer, per round. */
  withRoutes: number[];
  withoutRoutes: number[];
}

/**
 * The ingest cost of route rollups: storeRequests with and without them (the flag skips both the folding
 * in this process and the statement's RouteRollup upsert, which is what the store did before they existed),
 * into one database, in alternating rounds with the order swapped each round, so both sides meet the same
 * growing tables and the same neighbours on a shared machine. Fresh records every time.
 */
export async function benchRouteRollupCost(
  kind: DatabaseKind,
  records: number,
  rounds: number,
): Promise<RouteRollupCostResult> {
  const { db, dispose } = await benchDatabase(kind);
  try {
    const target = await createStoreTarget(db, 'route-rollup-bench');
    const result: RouteRollupCostResult = { kind, records, withRoutes: [], withoutRoutes: [] };
    let seed = 100;
    const measure = async (routeRollups: boolean) => {
      const { perSecond } = await measureStore(db, demoRecordsFor(target, records, seed++), 1, 500, { routeRollups });
      (routeRollups ? result.withRoutes : result.withoutRoutes).push(perSecond);
      process.stderr.write(
        `${kind}: store ${routeRollups ? 'with' : 'without'} route rollups ${perSecond.toFixed(0)} records/s\n`,
      );
    };
    for (let round = 0; round < rounds; round++) {
      const withFirst = round % 2 === 0;
      await measure(withFirst);
      await measure(!withFirst);
    }
    return result;
  } finally {
    await dispose();
  }
}

/** Per round: with / without; and the ratio of the medians. */
export function routeRollupRatios(r: RouteRollupCostResult): { perRound: number[]; ofMedians: number } {
  return {
    perRound: r.withRoutes.map((w, i) => w / r.withoutRoutes[i]!),
    ofMedians: median(r.withRoutes) / median(r.withoutRoutes),
  };
}
