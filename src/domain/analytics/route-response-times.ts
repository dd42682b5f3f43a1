import type { SqlClient } from '../../db/sql-client.ts';
import { ROUTE_PERIODS, ROUTES_PER_CELL } from '../ingest/rollup-periods.ts';
import type { TimeRange } from '../time/time-range.ts';
import type { Segment } from './period-plan.ts';
import { narrowsRequests, type RequestFilter, validateRequestFilter } from './request-filter.ts';
import { withRouteQuarters } from './quarter-pieces.ts';
import { readWithQuietEnd } from './quiet-end.ts';
import { routeCondition } from './route-templates.ts';
import { fromRollups, type IntervalBins, type TotalsRow } from './response-time-reads.ts';
import { seriesSegments } from './series-intervals.ts';
import { routeRollupScopeConditions, SqlParams } from './sql-params.ts';
import type { TrafficScope } from './traffic-scope.ts';

const CARRIED: ReadonlySet<string> = new Set<keyof RequestFilter>(['route', 'methods']);
const isEmpty = (value: unknown) =>
  value === null ||
  value === undefined ||
  (Array.isArray(value) && value.length === 0) ||
  (typeof value === 'string' && value.trim() === '');

/** True when the filter narrows by route and/or methods and by nothing else: what RouteRollup rows carry. */
export function routeRollupsCarry(filter: RequestFilter | null | undefined): filter is RequestFilter {
  if (!filter || !narrowsRequests(filter)) return false;
  return Object.entries(filter).every(([key, value]) => CARRIED.has(key) || isEmpty(value));
}

/** Route rollups answer intervals made of whole route periods (hours). */
export const routeRollupsDivide = (intervalSeconds: number) => intervalSeconds % ROUTE_PERIODS[0] === 0;

/** The filter's route and methods as conditions on RouteRollup rows, as filterConditions puts them on Request. */
function routeConditions(params: SqlParams, filter: RequestFilter): string[] {
  const conditions: string[] = [];
  if (filter.methods?.length)
    conditions.push(`"method" = ANY(${params.add(filter.methods.map((m) => m.toUpperCase()))}::text[])`);
  if (filter.route?.trim()) conditions.push(routeCondition(params, filter.route.trim()));
  return conditions;
}

/**
 * Cells (per period, the start in ms) holding ROUTES_PER_CELL routes in some bucket of the scope: ingest
 * stopped adding routes new to them, so a route missing there may still have had requests.
 */
export async function fullCells(
  sql: SqlClient,
  scope: TrafficScope,
  whole: readonly Segment[],
): Promise<Map<number, Date[]>> {
  const full = new Map<number, Date[]>(whole.map((segment) => [segment.period, []]));
  if (whole.length === 0) return full;
  const params = new SqlParams();
  const scopeWhere = routeRollupScopeConditions(params, scope).join(' AND ');
  const pieces = whole.map(
    (s) =>
      `("period" = ${params.add(s.period)} AND "periodStart" >= ${params.add(s.from)} AND "periodStart" < ${params.add(s.to)})`,
  );
  const rows = await sql.query<{ period: number; ms: number }>(
    `SELECT DISTINCT period, ms FROM (
      SELECT "period" AS period, (extract(epoch FROM "periodStart") * 1000)::float8 AS ms, count(*) AS routes FROM "RouteRollup"
      WHERE ${scopeWhere} AND (${pieces.join(' OR ')}) GROUP BY "bucketId", 1, 2
    ) AS cells WHERE routes >= ${params.add(ROUTES_PER_CELL)}`,
    params.values,
  );
  for (const row of rows) full.get(Number(row.period))?.push(new Date(Number(row.ms)));
  return full;
}

/**
 * True when a route cell (hour or day) starting at the hour that holds `at` is full in some bucket of the
 * scope. A route missing there has requests that cell never counted, so its rows before `at` cannot be
 * subtracted from that cell (subtractBeforeStart): such a read takes its start from raw rows instead.
 */
export async function routeCellFullAt(sql: SqlClient, scope: TrafficScope, at: Date): Promise<boolean> {
  const hour = ROUTE_PERIODS[0] * 1000;
  const from = new Date(Math.floor(at.getTime() / hour) * hour);
  const cells = ROUTE_PERIODS.map((period) => ({ period, from, to: new Date(from.getTime() + 1) }));
  return [...(await fullCells(sql, scope, cells)).values()].some((starts) => starts.length > 0);
}

/**
 * Response times for a route and/or methods filter: whole hours (and days, for day intervals) from RouteRollup
 * histograms and extremes, raw rows narrowed by the filter for the ragged ends and for cells that reached
 * ROUTES_PER_CELL (where a route may be missing), so counts, min and max stay exact and percentiles within 2%
 * wherever retention keeps the raw rows (see fullCellsFromRawRows for full cells before it). Reads grow with
 * routes × range length, not with the requests stored.
 */
export async function fromRouteRollups(
  sql: SqlClient,
  scope: TrafficScope,
  range: TimeRange,
  intervalSeconds: number,
  filter: RequestFilter,
): Promise<readonly [IntervalBins[], TotalsRow[]]> {
  validateRequestFilter(filter);
  return readWithQuietEnd(
    sql,
    scope,
    range,
    (quietUntil) => seriesSegments(range, intervalSeconds, ROUTE_PERIODS, { quietUntil }),
    (segments) => readRouteRollups(sql, scope, segments, intervalSeconds, filter),
  );
}

/**
 * The full cells to read from raw rows instead: those starting at or after `scope.rawRetainedFrom`. Before it
 * the raw rows are deleted (or being deleted, in a cell across the cut-off) while the cell's rows are kept, and
 * a route's own row in a full cell is exact for that route: only routes first seen after the cell filled have
 * none. So such a cell is read from the rollups, exact for every route kept there, where raw rows would read
 * zero (or a part) for every route, reported as complete. Left out, and not flagged by coverage: a route with
 * no row there (first seen after the cell filled), whose requests in that cell no stored row counts any more.
 */
export function fullCellsFromRawRows(full: Map<number, Date[]>, scope: TrafficScope): Map<number, Date[]> {
  const kept = scope.rawRetainedFrom.getTime();
  return new Map([...full].map(([period, starts]) => [period, starts.filter((start) => start.getTime() >= kept)]));
}

async function readRouteRollups(
  sql: SqlClient,
  scope: TrafficScope,
  segments: readonly Segment[],
  intervalSeconds: number,
  filter: RequestFilter,
): Promise<readonly [IntervalBins[], TotalsRow[]]> {
  const quartered = await withRouteQuarters(sql, scope, segments);
  const full = fullCellsFromRawRows(
    await fullCells(
      sql,
      scope,
      quartered.filter((s) => s.period > 0),
    ),
    scope,
  );
  const fallback = [...full].flatMap(([period, starts]) =>
    starts.map((from) => ({ period: 0, from, to: new Date(from.getTime() + period * 1000) })),
  );
  return fromRollups(
    sql,
    scope,
    [...quartered, ...fallback],
    intervalSeconds,
    {
      cells: '"RouteRollup"',
      totals: '"RouteRollup"',
      scope: routeRollupScopeConditions,
      conditions: (params, segment) => [
        ...routeConditions(params, filter),
        `NOT ("periodStart" = ANY(${params.add((full.get(segment.period) ?? []).map((d) => d.toISOString()))}::timestamptz[]))`,
      ],
    },
    filter,
  );
}
