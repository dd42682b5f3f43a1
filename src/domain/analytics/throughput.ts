import type { SqlClient } from '../../db/sql-client.ts';
import { ROLLUP_PERIODS } from '../ingest/rollup-periods.ts';
import type { TimeRange } from '../time/time-range.ts';
import { filterConditions, narrowsRequests, type RequestFilter } from './request-filter.ts';
import { intervalStartSql, seriesIntervals, seriesSegments } from './series-intervals.ts';
import { rollupScopeConditions, scopeConditions, SqlParams } from './sql-params.ts';
import type { TrafficScope } from './traffic-scope.ts';
import type { StatusCounts } from './metrics.ts';

export interface ThroughputPoint extends StatusCounts {
  /** Start of the UTC-aligned interval. */
  time: Date;
  /** True when only part of the interval lies in the range (the first or last point); the counts cover that part. */
  partial: boolean;
  total: number;
}

export interface ThroughputSeries {
  /** The range the points count: the one asked, ended at now at the latest. */
  range: TimeRange;
  intervalSeconds: number;
  points: ThroughputPoint[];
}

const RAW_COUNTS = `count(*)::int AS total, (count(*) FILTER (WHERE "status" < 200))::int AS s1,
  (count(*) FILTER (WHERE "status" BETWEEN 200 AND 299))::int AS s2, (count(*) FILTER (WHERE "status" BETWEEN 300 AND 399))::int AS s3,
  (count(*) FILTER (WHERE "status" BETWEEN 400 AND 499))::int AS s4, (count(*) FILTER (WHERE "status" >= 500))::int AS s5,
  (count(*) FILTER (WHERE "blocked"))::int AS blocked`;
const ROLLUP_COUNTS = `sum("count")::int AS total, sum("status1xx")::int AS s1, sum("status2xx")::int AS s2, sum("status3xx")::int AS s3,
  sum("status4xx")::int AS s4, sum("status5xx")::int AS s5, sum("blocked")::int AS blocked`;

/**
 * `(t, total, s1..s5, blocked)` per interval over exactly the range. Unfiltered, whole rollup rows make up
 * the middle and raw rows only the sub-minute ends; a filter the rollups do not carry counts raw rows.
 */
function countsSql(
  params: SqlParams,
  scope: TrafficScope,
  range: TimeRange,
  intervalSeconds: number,
  filter: RequestFilter | null | undefined,
): string {
  const interval = params.add(intervalSeconds);
  const raw = (from: Date, to: Date, extra: string[]) => {
    const where = [
      ...scopeConditions(params, scope),
      `"timestamp" >= ${params.add(from)}`,
      `"timestamp" < ${params.add(to)}`,
      ...extra,
    ];
    return `SELECT ${intervalStartSql('"timestamp"', interval)} AS t, ${RAW_COUNTS} FROM "Request" WHERE ${where.join(' AND ')} GROUP BY 1`;
  };
  if (narrowsRequests(filter)) return raw(range.from, range.to, filterConditions(params, filter));
  const branches = seriesSegments(range, intervalSeconds, ROLLUP_PERIODS).map((segment) => {
    if (segment.period === 0) return raw(segment.from, segment.to, []);
    const where = [
      ...rollupScopeConditions(params, scope),
      `"period" = ${params.add(segment.period)}`,
      `"periodStart" >= ${params.add(segment.from)}`,
      `"periodStart" < ${params.add(segment.to)}`,
    ];
    return `SELECT ${intervalStartSql('"periodStart"', interval)} AS t, ${ROLLUP_COUNTS} FROM "RequestRollup" WHERE ${where.join(' AND ')} GROUP BY 1`;
  });
  return `SELECT t, sum(total)::int AS total, sum(s1)::int AS s1, sum(s2)::int AS s2, sum(s3)::int AS s3, sum(s4)::int AS s4, sum(s5)::int AS s5,
    sum(blocked)::int AS blocked FROM (${branches.join('\nUNION ALL\n')}) AS parts GROUP BY t`;
}

/** Requests per UTC interval by status class, counting exactly the range (its first and last points may be partial). */
export async function throughput(
  sql: SqlClient,
  scope: TrafficScope,
  range: TimeRange,
  intervalSeconds: number,
  filter?: RequestFilter | null,
): Promise<ThroughputSeries> {
  const params = new SqlParams();
  const rows = await sql.query<Record<string, number | string>>(
    countsSql(params, scope, range, intervalSeconds, filter),
    params.values,
  );
  const byStart = new Map(rows.map((row) => [Number(row.t) * 1000, row]));
  const points = seriesIntervals(range, intervalSeconds).map(({ start, partial }) => {
    const row = byStart.get(start);
    const n = (key: string) => (row ? Number(row[key]) : 0);
    return {
      time: new Date(start),
      partial,
      total: n('total'),
      status1xx: n('s1'),
      status2xx: n('s2'),
      status3xx: n('s3'),
      status4xx: n('s4'),
      status5xx: n('s5'),
      blocked: n('blocked'),
    };
  });
  return { range, intervalSeconds, points };
}
