import type { SqlClient } from '../../db/sql-client.ts';
import { HISTOGRAM_PERIODS } from '../ingest/rollup-periods.ts';
import type { TimeRange } from '../time/time-range.ts';
import { BinCounts } from './bin-counts.ts';
import type { EndpointHistogram } from './endpoints.ts';
import { binSql } from './latency-bins.ts';
import { trafficTotals } from './metrics.ts';
import { planSegments, type Segment } from './period-plan.ts';
import { readWithQuietEnd } from './quiet-end.ts';
import { rollupScopeConditions, scopeConditions, SqlParams } from './sql-params.ts';
import type { TrafficScope } from './traffic-scope.ts';

/**
 * Every request in scope over exactly the range as one histogram with its totals, read from the
 * environment-wide rollups (RequestRollup, LatencyHistogram) and raw rows for the ragged ends. Unlike
 * the sum of route rollups it counts routes past the per-cell bound (ROUTES_PER_CELL), so an "overall"
 * figure built from it covers the whole range.
 */
export async function rangeHistogram(
  sql: SqlClient,
  scope: TrafficScope,
  range: TimeRange,
): Promise<EndpointHistogram> {
  const [cells, totals] = await Promise.all([
    readWithQuietEnd(
      sql,
      scope,
      range,
      (quietUntil) =>
        planSegments(range.from, range.to, HISTOGRAM_PERIODS, {
          quietUntil,
          subtractBeforeStart: true,
          subtractAfterEnd: true,
          rawRetainedFrom: scope.rawRetainedFrom,
        }),
      (segments) => histogramCells(sql, scope, segments),
    ),
    trafficTotals(sql, scope, range),
  ]);
  const bins = new BinCounts();
  for (const cell of cells) if (cell.counts) bins.addCell(Number(cell.lo), cell.counts);
  return {
    method: '',
    route: '',
    count: totals.count,
    status4xx: totals.status4xx,
    status5xx: totals.status5xx,
    durationSum: totals.durationSum,
    bins,
  };
}

type HistogramCell = { lo: number; counts: (number | null)[] | null };

/**
 * Histogram cells of the rollup segments and raw rows binned alike (a one-bin cell per bin) for the others,
 * negative for subtracted ones: environment-wide cells hold every request, so the difference is exact.
 */
function histogramCells(sql: SqlClient, scope: TrafficScope, segments: readonly Segment[]): Promise<HistogramCell[]> {
  const params = new SqlParams();
  const branches = segments.map((segment) => {
    if (segment.period === 0) {
      const where = [
        ...scopeConditions(params, scope),
        `"timestamp" >= ${params.add(segment.from)}`,
        `"timestamp" < ${params.add(segment.to)}`,
      ];
      const n = segment.subtracted ? '-count(*)::int' : 'count(*)::int';
      return `SELECT ${binSql('"durationMs"')} AS lo, json_build_array(${n}) AS counts FROM "Request" WHERE ${where.join(' AND ')} GROUP BY 1`;
    }
    const where = [
      ...rollupScopeConditions(params, scope),
      `"period" = ${params.add(segment.period)}`,
      `"periodStart" >= ${params.add(segment.from)}`,
      `"periodStart" < ${params.add(segment.to)}`,
    ];
    return `SELECT array_lower("counts", 1) AS lo, array_to_json("counts") AS counts FROM "LatencyHistogram" WHERE ${where.join(' AND ')}`;
  });
  return branches.length
    ? sql.query<HistogramCell>(branches.join('\nUNION ALL\n'), params.values)
    : Promise.resolve([]);
}
