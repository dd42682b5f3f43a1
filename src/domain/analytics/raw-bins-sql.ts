import { binSql } from './latency-bins.ts';
import type { Segment } from './period-plan.ts';
import { scopeConditions, type SqlParams } from './sql-params.ts';
import type { TrafficScope } from './traffic-scope.ts';

/** Request rows matching `where` binned by endpoint and latency bin (RawBinRow's columns), negated when `negated`. */
export function binnedByEndpointSql(where: readonly string[], negated: boolean): string {
  const sign = negated ? '-' : '';
  return `SELECT "method" AS method, "route" AS route, ${binSql('"durationMs"')} AS bin, ${sign}count(*)::int AS n,
        ${sign}(count(*) FILTER (WHERE "status" BETWEEN 400 AND 499))::int AS s4, ${sign}(count(*) FILTER (WHERE "status" >= 500))::int AS s5,
        ${sign}sum("durationMs")::float8 AS dsum FROM "Request" WHERE ${where.join(' AND ')} GROUP BY 1, 2, 3`;
}

/** One raw piece binned by endpoint, totals negated when subtracted; `cells` shapes it as a one-bin cell row. */
export function rawPieceSql(params: SqlParams, scope: TrafficScope, segment: Segment, cells: boolean): string {
  const where = [
    ...scopeConditions(params, scope),
    `"timestamp" >= ${params.add(segment.from)}`,
    `"timestamp" < ${params.add(segment.to)}`,
  ];
  const binned = binnedByEndpointSql(where, segment.subtracted === true);
  return cells
    ? `SELECT method, route, n, s4, s5, dsum, 0 AS p, NULL::text AS b, ${params.add(segment.from.getTime())}::float8 AS t, bin AS lo,
        json_build_array(n) AS counts FROM (${binned}) AS piece`
    : binned;
}
