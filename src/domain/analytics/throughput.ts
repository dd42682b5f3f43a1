import type { SqlClient } from '../../db/sql-client.ts';
import { ROLLUP_PERIODS } from '../ingest/rollup-periods.ts';
import { alignRange, type TimeRange } from '../time/time-range.ts';
import { rollupScopeConditions, SqlParams } from './sql-params.ts';
import type { TrafficScope } from './traffic-scope.ts';
import type { StatusCounts } from './metrics.ts';

export interface ThroughputPoint extends StatusCounts {
  time: Date;
  total: number;
}

export interface ThroughputSeries {
  range: TimeRange;
  intervalSeconds: number;
  points: ThroughputPoint[];
}

/** The largest stored period that divides the interval, so every point is a sum of whole rollup rows. */
export function rollupPeriodFor(intervalSeconds: number, periods: readonly number[]): number {
  const fitting = periods.filter((p) => intervalSeconds % p === 0);
  if (fitting.length === 0) throw new Error(`no rollup period divides ${intervalSeconds}s`);
  return Math.max(...fitting);
}

/** Every interval start from `range.from` up to `range.to`, so empty intervals show as zeros. */
export function intervalStarts(range: TimeRange, intervalSeconds: number): number[] {
  const starts: number[] = [];
  for (let t = range.from.getTime(); t < range.to.getTime(); t += intervalSeconds * 1000) starts.push(t);
  return starts;
}

/** Requests per interval by status class, over the range widened to whole intervals (UTC). */
export async function throughput(sql: SqlClient, scope: TrafficScope, requested: TimeRange, intervalSeconds: number): Promise<ThroughputSeries> {
  const range = alignRange(requested, intervalSeconds);
  const period = rollupPeriodFor(intervalSeconds, ROLLUP_PERIODS);
  const params = new SqlParams();
  const where = [
    ...rollupScopeConditions(params, scope),
    `"period" = ${params.add(period)}`,
    `"periodStart" >= ${params.add(range.from)}`,
    `"periodStart" < ${params.add(range.to)}`,
  ];
  const interval = params.add(intervalSeconds);
  const rows = await sql.query<Record<string, number | string>>(
    `SELECT (floor(extract(epoch FROM "periodStart") / ${interval}) * ${interval})::float8 AS t,
       sum("count")::int AS total, sum("status1xx")::int AS s1, sum("status2xx")::int AS s2, sum("status3xx")::int AS s3,
       sum("status4xx")::int AS s4, sum("status5xx")::int AS s5, sum("blocked")::int AS blocked
     FROM "RequestRollup" WHERE ${where.join(' AND ')} GROUP BY 1`,
    params.values,
  );
  const byStart = new Map(rows.map((row) => [Number(row.t) * 1000, row]));
  const points = intervalStarts(range, intervalSeconds).map((t) => {
    const row = byStart.get(t);
    const n = (key: string) => (row ? Number(row[key]) : 0);
    return { time: new Date(t), total: n('total'), status1xx: n('s1'), status2xx: n('s2'), status3xx: n('s3'), status4xx: n('s4'), status5xx: n('s5'), blocked: n('blocked') };
  });
  return { range, intervalSeconds, points };
}
