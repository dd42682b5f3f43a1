import type { DatabaseKind } from '../../src/db/database.ts';
import { benchDatabase, median } from './bench-database.ts';
import { type PairedRatios, pairedRatios } from './paired-ratios.ts';
import { serverBackendsCpuMs, serverCpuSpentMs } from './server-cpu.ts';
import { createStoreTarget, demoRecordsFor, measureStore } from './store-throughput.ts';

// Demo traffic at the density of runs 31-40's 20,000 records a day, whatever the block's size: a 500-record batch
// then spans about 0.6 h and touches one or two hour cells, so the route rows a batch upserts do not grow as the
// blocks shrink (a 5,000-record day would spread each batch over 2.4 h, three or four hour cells).
const RECORDS_PER_DAY = 20_000;

/** One timed block: `records` through storeRequests, its elapsed time and the CPU time it took. */
interface Block {
  wallMs: number;
  /** This process (on PGlite, the database too) plus, on a local PostgreSQL, the server's client backends. */
  cpuMs: number;
}

export interface RouteRollupCostResult {
  kind: DatabaseKind;
  /** Records per timed block. */
  records: number;
  /** Each pair: the same number of fresh records with and without route rollups, one right after the other. */
  pairs: { withRoutes: Block; withoutRoutes: Block }[];
  /** Whether cpuMs includes the database server's time (false on PGlite, where it is in process anyway). */
  serverCpu: boolean;
}

/**
 * The ingest cost of route rollups: storeRequests with and without them (the flag skips both the folding
 * in this process and the statement's RouteRollup upsert, which is what the store did before they existed),
 * into one database. Many short pairs in ABBA order (with-without, then without-with), so both sides meet the
 * same growing tables and, pair by pair, the same neighbours on a shared machine; what is compared is each
 * pair's ratio, whose median and quartiles say whether a 10% difference is resolved. A warm-up pair is not
 * kept, and PGlite's statistics upkeep runs before each block, untimed, so it falls in neither side.
 */
export async function benchRouteRollupCost(
  kind: DatabaseKind,
  records: number,
  pairs: number,
): Promise<RouteRollupCostResult> {
  const { db, dispose } = await benchDatabase(kind);
  try {
    const target = await createStoreTarget(db, 'route-rollup-bench');
    let seed = 100;
    const block = async (routeRollups: boolean): Promise<Block> => {
      const batch = demoRecordsFor(target, records, seed++, records / RECORDS_PER_DAY);
      await db.refreshStatistics();
      const server = await serverBackendsCpuMs(db);
      const cpu = process.cpuUsage();
      const start = performance.now();
      await measureStore(db, batch, 1, 500, { routeRollups });
      const wallMs = performance.now() - start;
      const used = process.cpuUsage(cpu);
      const cpuMs = (used.user + used.system) / 1000 + serverCpuSpentMs(server, await serverBackendsCpuMs(db));
      return { wallMs, cpuMs };
    };
    const result: RouteRollupCostResult = {
      kind,
      records,
      pairs: [],
      serverCpu: (await serverBackendsCpuMs(db)) !== null,
    };
    for (let pair = -1; pair < pairs; pair++) {
      const withFirst = pair % 2 === 0;
      const first = await block(withFirst);
      const second = await block(!withFirst);
      if (pair < 0) continue; // warm-up: plans, caches and the first rows of each table
      const timed = withFirst
        ? { withRoutes: first, withoutRoutes: second }
        : { withRoutes: second, withoutRoutes: first };
      result.pairs.push(timed);
      process.stderr.write(
        `${kind}: pair ${pair + 1}/${pairs}, with / without route rollups: rate ${(timed.withoutRoutes.wallMs / timed.withRoutes.wallMs).toFixed(2)}, CPU ${(timed.withoutRoutes.cpuMs / timed.withRoutes.cpuMs).toFixed(2)}\n`,
      );
    }
    return result;
  } finally {
    await dispose();
  }
}

/**
 * With / without route rollups, per pair: the ingest rate's ratio (wall time) and the same ratio on CPU time
 * (records per CPU second), each as a median with its interquartile range and 95% interval; and the median rates.
 */
export function routeRollupRatios(r: RouteRollupCostResult): {
  rate: PairedRatios;
  cpu: PairedRatios;
  withPerSecond: number;
  withoutPerSecond: number;
} {
  const perSecond = (b: Block) => (r.records / b.wallMs) * 1000;
  return {
    rate: pairedRatios(r.pairs.map((p) => p.withoutRoutes.wallMs / p.withRoutes.wallMs)),
    cpu: pairedRatios(r.pairs.map((p) => p.withoutRoutes.cpuMs / p.withRoutes.cpuMs)),
    withPerSecond: median(r.pairs.map((p) => perSecond(p.withRoutes))),
    withoutPerSecond: median(r.pairs.map((p) => perSecond(p.withoutRoutes))),
  };
}
