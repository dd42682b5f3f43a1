import type { SqlClient } from '../../db/sql-client.ts';
import type { TimeRange } from '../time/time-range.ts';
import { planSegments } from './period-plan.ts';
import { filterConditions, onlyStatusClasses, type RequestFilter } from './request-filter.ts';
import { rollupScopeConditions, scopeConditions, SqlParams } from './sql-params.ts';
import type { TrafficScope } from './traffic-scope.ts';
import { ROLLUP_PERIODS } from '../ingest/rollup-periods.ts';
import type { AnswerSource } from '../retention/data-coverage.ts';
import { countErrors, isErrorOnlyFilter } from './top-errors.ts';

/** Requests by status class, and how many were blocked: the columns every rollup row carries. */
export interface StatusCounts {
  status1xx: number;
  status2xx: number;
  status3xx: number;
  status4xx: number;
  status5xx: number;
  blocked: number;
}

export interface TrafficTotals extends StatusCounts {
  count: number;
  durationSum: number;
  durationMin: number | null;
  durationMax: number | null;
}

export interface Metrics extends TrafficTotals {
  range: TimeRange;
  averageDurationMs: number | null;
  errorCount: number;
  errorRate: number;
}

const RAW_TOTALS = `count(*)::int AS count,
  (count(*) FILTER (WHERE "status" < 200))::int AS status1xx,
  (count(*) FILTER (WHERE "status" BETWEEN 200 AND 299))::int AS status2xx,
  (count(*) FILTER (WHERE "status" BETWEEN 300 AND 399))::int AS status3xx,
  (count(*) FILTER (WHERE "status" BETWEEN 400 AND 499))::int AS status4xx,
  (count(*) FILTER (WHERE "status" >= 500))::int AS status5xx,
  (count(*) FILTER (WHERE "blocked"))::int AS blocked,
  coalesce(sum("durationMs"), 0)::float8 AS "durationSum", min("durationMs")::float8 AS "durationMin", max("durationMs")::float8 AS "durationMax"`;

/** Totals are read from rollups unless a filter narrows by something rollups do not keep (status classes included). */
export function totalsSource(filter: RequestFilter | null | undefined): AnswerSource {
  return !onlyStatusClasses(filter) || filter?.statusClasses?.length ? 'raw' : 'rollups';
}

/**
 * Totals over a range. Without filters they come from rollups (whole days, hours, 15 minutes, minutes)
 * plus raw rows for the sub-minute ends; with filters rollups cannot answer, so raw rows are counted.
 */
export async function trafficTotals(
  sql: SqlClient,
  scope: TrafficScope,
  range: TimeRange,
  filter?: RequestFilter | null,
): Promise<TrafficTotals> {
  const params = new SqlParams();
  if (totalsSource(filter) === 'raw') {
    const where = [
      ...scopeConditions(params, scope),
      `"timestamp" >= ${params.add(range.from)}`,
      `"timestamp" < ${params.add(range.to)}`,
      ...filterConditions(params, filter),
    ];
    const [row] = await sql.query<TrafficTotals & Record<string, unknown>>(
      `SELECT ${RAW_TOTALS} FROM "Request" WHERE ${where.join(' AND ')}`,
      params.values,
    );
    return normalize(row!);
  }
  const branches = planSegments(range.from, range.to, ROLLUP_PERIODS).map((segment) => {
    if (segment.period === 0) {
      const where = scopeConditions(params, scope);
      where.push(`"timestamp" >= ${params.add(segment.from)}`, `"timestamp" < ${params.add(segment.to)}`);
      return `SELECT ${RAW_TOTALS} FROM "Request" WHERE ${where.join(' AND ')}`;
    }
    const where = rollupScopeConditions(params, scope);
    where.push(
      `"period" = ${params.add(segment.period)}`,
      `"periodStart" >= ${params.add(segment.from)}`,
      `"periodStart" < ${params.add(segment.to)}`,
    );
    // Aliases matter: UNION ALL takes its column names from whichever branch comes first.
    return `SELECT coalesce(sum("count"), 0)::int AS count, coalesce(sum("status1xx"), 0)::int AS status1xx,
      coalesce(sum("status2xx"), 0)::int AS status2xx, coalesce(sum("status3xx"), 0)::int AS status3xx,
      coalesce(sum("status4xx"), 0)::int AS status4xx, coalesce(sum("status5xx"), 0)::int AS status5xx,
      coalesce(sum("blocked"), 0)::int AS blocked, coalesce(sum("durationSum"), 0)::float8 AS "durationSum",
      min("durationMin")::float8 AS "durationMin", max("durationMax")::float8 AS "durationMax"
      FROM "RequestRollup" WHERE ${where.join(' AND ')}`;
  });
  const [row] = await sql.query<TrafficTotals & Record<string, unknown>>(
    `SELECT coalesce(sum(count), 0)::int AS count, coalesce(sum(status1xx), 0)::int AS status1xx, coalesce(sum(status2xx), 0)::int AS status2xx,
      coalesce(sum(status3xx), 0)::int AS status3xx, coalesce(sum(status4xx), 0)::int AS status4xx, coalesce(sum(status5xx), 0)::int AS status5xx,
      coalesce(sum(blocked), 0)::int AS blocked, coalesce(sum("durationSum"), 0)::float8 AS "durationSum",
      min("durationMin") AS "durationMin", max("durationMax") AS "durationMax"
     FROM (${branches.join('\nUNION ALL\n')}) AS parts`,
    params.values,
  );
  return normalize(row!);
}

function normalize(row: Record<string, unknown>): TrafficTotals {
  const n = (key: string) => Number(row[key] ?? 0);
  const nullable = (key: string) => (row[key] === null || row[key] === undefined ? null : Number(row[key]));
  return {
    count: n('count'),
    status1xx: n('status1xx'),
    status2xx: n('status2xx'),
    status3xx: n('status3xx'),
    status4xx: n('status4xx'),
    status5xx: n('status5xx'),
    blocked: n('blocked'),
    durationSum: n('durationSum'),
    durationMin: nullable('durationMin'),
    durationMax: nullable('durationMax'),
  };
}

export async function metrics(
  sql: SqlClient,
  scope: TrafficScope,
  range: TimeRange,
  filter?: RequestFilter | null,
): Promise<Metrics> {
  const totals = await trafficTotals(sql, scope, range, filter);
  const errorCount = totals.status4xx + totals.status5xx;
  return {
    ...totals,
    range,
    averageDurationMs: totals.count === 0 ? null : totals.durationSum / totals.count,
    errorCount,
    errorRate: totals.count === 0 ? 0 : errorCount / totals.count,
  };
}

/**
 * How many requests match: from rollups when nothing but status classes narrows the set (the class
 * columns are exact), from the error rollups when errors are narrowed by method or status, by counting
 * raw rows otherwise.
 */
export async function countMatching(
  sql: SqlClient,
  scope: TrafficScope,
  range: TimeRange,
  filter?: RequestFilter | null,
): Promise<number> {
  if (isErrorOnlyFilter(filter) && !onlyStatusClasses(filter)) return countErrors(sql, scope, range, filter);
  if (!onlyStatusClasses(filter)) return (await trafficTotals(sql, scope, range, filter)).count;
  const totals = await trafficTotals(sql, scope, range);
  const classes = filter?.statusClasses ?? [];
  if (classes.length === 0) return totals.count;
  return classes.reduce((sum, c) => sum + totals[`status${c}` as keyof TrafficTotals]!, 0) as number;
}
