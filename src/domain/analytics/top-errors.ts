import type { SqlClient } from '../../db/sql-client.ts';
import { ERROR_PERIODS } from '../ingest/rollup-periods.ts';
import { alignRange, type TimeRange } from '../time/time-range.ts';
import { planSegments, type Segment } from './period-plan.ts';
import { readWithQuietEnd } from './quiet-end.ts';
import { filterConditions, type RequestFilter } from './request-filter.ts';
import { rollupScopeConditions, scopeConditions, SqlParams } from './sql-params.ts';
import { isErrorStatusClass } from './status-classes.ts';
import type { TrafficScope } from './traffic-scope.ts';

export interface ErrorGroup {
  method: string;
  route: string;
  status: number;
  count: number;
}

/** The filter fields the error rollups keep; only these can narrow a rollup-backed error query. */
export type ErrorFilter = Pick<RequestFilter, 'methods' | 'status' | 'statusClasses'>;

/**
 * What narrows top error groups: the fields of a group (method, route, status) the rollups keep, and a
 * path, which only stored requests hold: a path filter counts from the rows, over the raw retention.
 */
export type ErrorGroupFilter = Pick<RequestFilter, 'methods' | 'status' | 'statusClasses' | 'route' | 'path'>;

/**
 * True when a filter selects errors only (a 4xx/5xx status or classes) and nothing the error rollups do
 * not keep: such searches are counted from the rollups instead of the rows.
 */
export function isErrorOnlyFilter(filter: RequestFilter | null | undefined): filter is ErrorFilter {
  if (!filter) return false;
  const others = Object.entries(filter).some(
    ([key, value]) =>
      !['methods', 'status', 'statusClasses'].includes(key) &&
      value !== null &&
      value !== undefined &&
      !(Array.isArray(value) && value.length === 0),
  );
  if (others) return false;
  const classes = filter.statusClasses ?? [];
  const byStatus = filter.status !== null && filter.status !== undefined && filter.status >= 400;
  const byClass = classes.length > 0 && classes.every(isErrorStatusClass);
  return (byStatus || byClass) && (classes.length === 0 || byClass);
}

/** (method, route, status, n) rows of the segments: error rollup cells for those with a period, raw rows else. */
function errorBranches(
  params: SqlParams,
  scope: TrafficScope,
  segments: readonly Segment[],
  filter: ErrorGroupFilter | null,
): string {
  const narrowing = () =>
    filterConditions(params, {
      methods: filter?.methods,
      status: filter?.status,
      statusClasses: filter?.statusClasses,
      route: filter?.route,
      path: filter?.path,
    });
  return segments
    .map((segment) => {
      if (segment.period === 0) {
        const where = scopeConditions(params, scope);
        where.push(
          `"status" >= 400`,
          `"timestamp" >= ${params.add(segment.from)}`,
          `"timestamp" < ${params.add(segment.to)}`,
          ...narrowing(),
        );
        return `SELECT "method", "route", "status", count(*)::int AS n FROM "Request" WHERE ${where.join(' AND ')} GROUP BY 1, 2, 3`;
      }
      const where = rollupScopeConditions(params, scope);
      where.push(
        `"period" = ${params.add(segment.period)}`,
        `"periodStart" >= ${params.add(segment.from)}`,
        `"periodStart" < ${params.add(segment.to)}`,
        ...narrowing(),
      );
      return `SELECT "method", "route", "status", "count" AS n FROM "ErrorRollup" WHERE ${where.join(' AND ')}`;
    })
    .join('\nUNION ALL\n');
}

const DAY_MS = 86_400_000;

/**
 * The range top error groups are counted over: from the start of its UTC day past a week, of its hour past
 * a day, of its minute otherwise, to where it was asked (never past now; the result echoes it). A ragged end is read at a finer level, where each unit holds a
 * row per (method, route, status) seen in it, and how many of those a unit holds grows with the traffic;
 * whole units keep the read to rows that grow with the range asked, not with the rows stored.
 */
export function errorGroupsRange(range: TimeRange): TimeRange {
  const span = range.to.getTime() - range.from.getTime();
  return { from: alignRange(range, span > 7 * DAY_MS ? 86_400 : span > DAY_MS ? 3600 : 60).from, to: range.to };
}

/**
 * Reads the range's error rows, planned by error rollup levels, with its last cells running past the end when
 * nothing of the environment is stored after it (readWithQuietEnd): a range ending now reads today's day cell, not
 * its hours and minutes, whose rows grow with the traffic. All from raw rows when a path narrows, since the
 * rollups keep routes, not paths.
 */
function readErrorRows<T>(
  sql: SqlClient,
  scope: TrafficScope,
  range: TimeRange,
  filter: ErrorGroupFilter | null,
  read: (segments: Segment[]) => Promise<T>,
): Promise<T> {
  if (filter?.path?.trim()) return read([{ period: 0, from: range.from, to: range.to }]);
  return readWithQuietEnd(
    sql,
    scope,
    range,
    (quietUntil) => planSegments(range.from, range.to, ERROR_PERIODS, { quietUntil }),
    read,
  );
}

/** The most frequent (method, route, status) among 4xx/5xx responses in `range` (see errorGroupsRange). */
export async function topErrorGroups(
  sql: SqlClient,
  scope: TrafficScope,
  range: TimeRange,
  limit: number,
  filter: ErrorGroupFilter | null = null,
): Promise<ErrorGroup[]> {
  const groups = await readErrorRows(sql, scope, range, filter, (segments) => {
    const params = new SqlParams();
    return sql.query<{ method: string; route: string; status: number; n: number }>(
      `SELECT "method" AS method, "route" AS route, "status" AS status, sum(n)::int AS n FROM (${errorBranches(params, scope, segments, filter)}) AS parts
       GROUP BY 1, 2, 3 ORDER BY 4 DESC, 1, 2, 3 LIMIT ${params.add(limit)}`,
      params.values,
    );
  });
  return groups.map((g) => ({ method: g.method, route: g.route, status: Number(g.status), count: Number(g.n) }));
}

/** How many errors match an error-only filter, read from the error rollups. */
export async function countErrors(
  sql: SqlClient,
  scope: TrafficScope,
  range: TimeRange,
  filter: ErrorFilter,
): Promise<number> {
  const [row] = await readErrorRows(sql, scope, range, filter, (segments) => {
    const params = new SqlParams();
    return sql.query<{ n: number }>(
      `SELECT coalesce(sum(n), 0)::int AS n FROM (${errorBranches(params, scope, segments, filter)}) AS parts`,
      params.values,
    );
  });
  return Number(row?.n ?? 0);
}
