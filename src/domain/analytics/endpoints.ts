import type { SqlClient } from '../../db/sql-client.ts';
import { UserInputError } from '../../errors.ts';
import type { RouteCounts } from '../ingest/rollup-deltas.ts';
import { ROUTE_PERIODS } from '../ingest/rollup-periods.ts';
import type { TimeRange } from '../time/time-range.ts';
import { BinCounts } from './bin-counts.ts';
import { binSql, binValue } from './latency-bins.ts';
import { trafficTotals } from './metrics.ts';
import { planSegments, type Segment } from './period-plan.ts';
import { readWithQuietEnd } from './quiet-end.ts';
import { routeCellFullAt } from './route-response-times.ts';
import { routeRollupScopeConditions, scopeConditions, SqlParams } from './sql-params.ts';
import type { TrafficScope } from './traffic-scope.ts';

/** One endpoint (method + stored route) over a range. Percentiles are within 2% of exact nearest-rank. */
export interface EndpointStats {
  method: string;
  route: string;
  count: number;
  status4xx: number;
  status5xx: number;
  errorRate: number;
  averageMs: number;
  p50Ms: number;
  p95Ms: number;
  p99Ms: number;
}

/** Stats per endpoint keyed by `${method} ${route}`, over exactly the range. */
export type EndpointStatsByKey = Map<string, EndpointStats>;

/** One endpoint's totals and latency histogram over a range, before percentiles are read from it. */
export type EndpointHistogram = RouteCounts<BinCounts>;
type Accumulator = EndpointHistogram;

export const endpointKey = (e: { method: string; route: string }) => `${e.method} ${e.route}`;

/**
 * Per-endpoint totals and histograms over exactly the range: whole hours and days from RouteRollup (one row
 * per route, bucket and period, histogram cells merged in this process), raw rows binned alike for the ragged ends:
 * none at an end with nothing stored after it (readWithQuietEnd), and at the start at most half an hour, the
 * hour holding it minus its part before the start when that part is the shorter (subtractBeforeStart) and
 * that hour's route cell is not full. Reads grow with routes × range length, not with the requests stored.
 */
export async function endpointHistograms(
  sql: SqlClient,
  scope: TrafficScope,
  range: TimeRange,
): Promise<Map<string, EndpointHistogram>> {
  const read = (subtractBeforeStart: boolean) =>
    readWithQuietEnd(
      sql,
      scope,
      range,
      (quietUntil) =>
        planSegments(range.from, range.to, ROUTE_PERIODS, {
          quietUntil,
          subtractBeforeStart,
          rawRetainedFrom: scope.rawRetainedFrom,
        }),
      (segments) => readEndpointHistograms(sql, scope, segments),
    );
  const [histograms, full] = await Promise.all([read(true), routeCellFullAt(sql, scope, range.from)]);
  return full ? read(false) : histograms;
}

async function readEndpointHistograms(
  sql: SqlClient,
  scope: TrafficScope,
  segments: readonly Segment[],
): Promise<Map<string, EndpointHistogram>> {
  const rollupParams = new SqlParams();
  const rollupBranches = segments
    .filter((s) => s.period > 0)
    .map((s) => {
      const where = [
        ...routeRollupScopeConditions(rollupParams, scope),
        `"period" = ${rollupParams.add(s.period)}`,
        `"periodStart" >= ${rollupParams.add(s.from)}`,
        `"periodStart" < ${rollupParams.add(s.to)}`,
      ];
      return `SELECT "method" AS method, "route" AS route, "count" AS n, "status4xx" AS s4, "status5xx" AS s5, "durationSum" AS dsum, array_lower("counts", 1) AS lo,
        array_to_json("counts") AS counts FROM "RouteRollup" WHERE ${where.join(' AND ')}`;
    });
  const rawBranches = segments
    .filter((s) => s.period === 0)
    .map((s) => {
      const rawParams = new SqlParams();
      const where = [
        ...scopeConditions(rawParams, scope),
        `"timestamp" >= ${rawParams.add(s.from)}`,
        `"timestamp" < ${rawParams.add(s.to)}`,
      ];
      const sign = s.subtracted ? '-' : '';
      const text = `SELECT "method" AS method, "route" AS route, ${binSql('"durationMs"')} AS bin, ${sign}count(*)::int AS n,
        ${sign}(count(*) FILTER (WHERE "status" BETWEEN 400 AND 499))::int AS s4, ${sign}(count(*) FILTER (WHERE "status" >= 500))::int AS s5,
        ${sign}sum("durationMs")::float8 AS dsum FROM "Request" WHERE ${where.join(' AND ')} GROUP BY 1, 2, 3`;
      return { text, values: rawParams.values };
    });
  type Row = { method: string; route: string; n: number; s4: number; s5: number; dsum: number };
  const [rollupRows, rawRows] = await Promise.all([
    rollupBranches.length
      ? sql.query<Row & { lo: number; counts: (number | null)[] }>(
          rollupBranches.join('\nUNION ALL\n'),
          rollupParams.values,
        )
      : [],
    // One statement per raw piece, not a UNION ALL: at 5M rows PostgreSQL plans the union of two pieces as a
    // Parallel Append under a Gather, and starting its workers cost more than the pieces (run 37: 16.9 ms
    // against about 5 ms).
    Promise.all(rawBranches.map((branch) => sql.query<Row & { bin: number }>(branch.text, branch.values))).then(
      (parts) => parts.flat(),
    ),
  ]);
  const byKey = new Map<string, Accumulator>();
  const accumulate = (row: Row) => {
    const key = endpointKey(row);
    let acc = byKey.get(key);
    if (!acc)
      byKey.set(
        key,
        (acc = {
          method: row.method,
          route: row.route,
          count: 0,
          status4xx: 0,
          status5xx: 0,
          durationSum: 0,
          bins: new BinCounts(),
        }),
      );
    acc.count += Number(row.n);
    acc.status4xx += Number(row.s4);
    acc.status5xx += Number(row.s5);
    acc.durationSum += Number(row.dsum);
    return acc;
  };
  for (const row of rollupRows) if (row.counts) accumulate(row).bins.addCell(Number(row.lo), row.counts);
  for (const row of rawRows) accumulate(row).bins.addBin(Number(row.bin), Number(row.n));
  // Rows subtracted from a cell leave endpoints seen only before the start at zero: not in the range.
  for (const [key, acc] of byKey) if (acc.count === 0) byKey.delete(key);
  return byKey;
}

/** Per-endpoint totals and percentiles over exactly the range (see endpointHistograms). */
export async function endpointStats(
  sql: SqlClient,
  scope: TrafficScope,
  range: TimeRange,
): Promise<EndpointStatsByKey> {
  const stats: EndpointStatsByKey = new Map();
  for (const [key, acc] of await endpointHistograms(sql, scope, range)) {
    if (acc.count === 0) continue;
    const [p50, p95, p99] = acc.bins.percentileBins([0.5, 0.95, 0.99]).map((bin) => binValue(bin!));
    stats.set(key, {
      method: acc.method,
      route: acc.route,
      count: acc.count,
      status4xx: acc.status4xx,
      status5xx: acc.status5xx,
      errorRate: (acc.status4xx + acc.status5xx) / acc.count,
      averageMs: acc.durationSum / acc.count,
      p50Ms: p50!,
      p95Ms: p95!,
      p99Ms: p99!,
    });
  }
  return stats;
}

export const ENDPOINT_SORTS = ['volume', 'p95', 'error_rate', 'change'] as const;
export type EndpointSort = (typeof ENDPOINT_SORTS)[number];

export interface EndpointRow extends EndpointStats {
  /** The same endpoint over the previous period of the same length; null when it had no requests then. */
  previous: EndpointStats | null;
  /** p95 now / p95 then (null without a previous period). */
  p95Change: number | null;
}

export interface EndpointsPage {
  range: TimeRange;
  previousRange: TimeRange;
  totalEndpoints: number;
  /** Requests in the range not in any listed endpoint: routes past the per-cell bound (ROUTES_PER_CELL). */
  untrackedRequests: number;
  endpoints: EndpointRow[];
  /** Offset of the next page, null on the last. */
  nextOffset: number | null;
}

const SORT_KEYS: Record<EndpointSort, (e: EndpointRow) => number> = {
  volume: (e) => e.count,
  p95: (e) => e.p95Ms,
  error_rate: (e) => e.errorRate,
  // Endpoints new in this period have no ratio: they sort after every measured change.
  change: (e) => e.p95Change ?? Number.NEGATIVE_INFINITY,
};

/** Endpoints over a range, sorted (descending, then by volume and name) and paginated by offset. */
export async function endpoints(
  sql: SqlClient,
  scope: TrafficScope,
  range: TimeRange,
  options: { sort: EndpointSort; limit: number; offset: number },
): Promise<EndpointsPage> {
  if (!ENDPOINT_SORTS.includes(options.sort))
    throw new UserInputError(`sort: "${options.sort}" is not one of ${ENDPOINT_SORTS.join(', ')}`, 'sort');
  const length = range.to.getTime() - range.from.getTime();
  const previousRange = { from: new Date(range.from.getTime() - length), to: range.from };
  const [current, previous, totals] = await Promise.all([
    endpointStats(sql, scope, range),
    endpointStats(sql, scope, previousRange),
    trafficTotals(sql, scope, range),
  ]);
  const rows: EndpointRow[] = [...current.entries()].map(([key, stats]) => {
    const before = previous.get(key) ?? null;
    return { ...stats, previous: before, p95Change: before ? stats.p95Ms / before.p95Ms : null };
  });
  const sortKey = SORT_KEYS[options.sort];
  rows.sort((a, b) => sortKey(b) - sortKey(a) || b.count - a.count || endpointKey(a).localeCompare(endpointKey(b)));
  const tracked = rows.reduce((sum, row) => sum + row.count, 0);
  const page = rows.slice(options.offset, options.offset + options.limit);
  return {
    range,
    previousRange,
    totalEndpoints: rows.length,
    untrackedRequests: Math.max(0, totals.count - tracked),
    endpoints: page,
    nextOffset: options.offset + page.length < rows.length ? options.offset + page.length : null,
  };
}
