import type { SqlClient } from '../../db/sql-client.ts';
import { HISTOGRAM_PERIODS } from '../ingest/store-requests.ts';
import { alignRange, type TimeRange } from '../time/time-range.ts';
import { binSql, percentileFromBins } from './latency-bins.ts';
import { rollupScopeConditions, scopeConditions, SqlParams } from './sql-params.ts';
import { intervalStarts, rollupPeriodFor } from './throughput.ts';
import type { TrafficScope } from './traffic-scope.ts';

export interface ResponseTimeStats {
  count: number;
  averageMs: number | null;
  minMs: number | null;
  maxMs: number | null;
  p50Ms: number | null;
  p95Ms: number | null;
  p99Ms: number | null;
}

export interface ResponseTimePoint extends ResponseTimeStats {
  time: Date;
}

export interface ResponseTimeSeries {
  range: TimeRange;
  intervalSeconds: number;
  overall: ResponseTimeStats;
  points: ResponseTimePoint[];
}

interface Accumulator {
  count: number;
  sum: number;
  min: number;
  max: number;
  bins: Map<number, number>;
}

const empty = (): Accumulator => ({ count: 0, sum: 0, min: Number.POSITIVE_INFINITY, max: Number.NEGATIVE_INFINITY, bins: new Map() });

function addTotals(acc: Accumulator, row: { n: number; s: number; lo: number; hi: number }) {
  acc.count += Number(row.n);
  acc.sum += Number(row.s);
  acc.min = Math.min(acc.min, Number(row.lo));
  acc.max = Math.max(acc.max, Number(row.hi));
}

function addBin(acc: Accumulator, bin: number, count: number) {
  acc.bins.set(bin, (acc.bins.get(bin) ?? 0) + count);
}

function stats(acc: Accumulator): ResponseTimeStats {
  if (acc.count === 0) return { count: 0, averageMs: null, minMs: null, maxMs: null, p50Ms: null, p95Ms: null, p99Ms: null };
  const p = (q: number) => percentileFromBins(acc.bins, acc.count, q, acc.min, acc.max);
  return { count: acc.count, averageMs: acc.sum / acc.count, minMs: acc.min, maxMs: acc.max, p50Ms: p(0.5), p95Ms: p(0.95), p99Ms: p(0.99) };
}

/**
 * p50/p95/p99, average, min, max and count per interval and overall. Intervals of 15 minutes and up read
 * the histogram rollups; shorter ones bin raw rows (a short range is few rows). Both use the same bins,
 * so percentiles are within 2% of exact either way, and min, max, average and count are exact.
 */
export async function responseTimes(sql: SqlClient, scope: TrafficScope, requested: TimeRange, intervalSeconds: number): Promise<ResponseTimeSeries> {
  const range = alignRange(requested, intervalSeconds);
  const params = new SqlParams();
  const interval = params.add(intervalSeconds);
  const accumulators = new Map<number, Accumulator>();
  const at = (t: number) => {
    let acc = accumulators.get(t);
    if (!acc) accumulators.set(t, (acc = empty()));
    return acc;
  };

  if (intervalSeconds % HISTOGRAM_PERIODS[0] !== 0) {
    const where = scopeConditions(params, scope);
    where.push(`"timestamp" >= ${params.add(range.from)}`, `"timestamp" < ${params.add(range.to)}`);
    const rows = await sql.query<{ t: number; bin: number; n: number; s: number; lo: number; hi: number }>(
      `SELECT (floor(extract(epoch FROM "timestamp") / ${interval}) * ${interval})::float8 AS t, ${binSql('"durationMs"')} AS bin,
         count(*)::int AS n, sum("durationMs")::float8 AS s, min("durationMs")::float8 AS lo, max("durationMs")::float8 AS hi
       FROM "Request" WHERE ${where.join(' AND ')} GROUP BY 1, 2`,
      params.values,
    );
    for (const row of rows) {
      const acc = at(Number(row.t) * 1000);
      addTotals(acc, row);
      addBin(acc, Number(row.bin), Number(row.n));
    }
  } else {
    const where = rollupScopeConditions(params, scope);
    const period = params.add(rollupPeriodFor(intervalSeconds, HISTOGRAM_PERIODS));
    where.push(`"period" = ${period}`, `"periodStart" >= ${params.add(range.from)}`, `"periodStart" < ${params.add(range.to)}`);
    const t = `(floor(extract(epoch FROM "periodStart") / ${interval}) * ${interval})::float8`;
    const [bins, totals] = await Promise.all([
      sql.query<{ t: number; bin: number; n: number }>(
        `SELECT ${t} AS t, "bin" AS bin, sum("count")::int AS n FROM "LatencyHistogram" WHERE ${where.join(' AND ')} GROUP BY 1, 2`,
        params.values,
      ),
      sql.query<{ t: number; n: number; s: number; lo: number; hi: number }>(
        `SELECT ${t} AS t, sum("count")::int AS n, sum("durationSum")::float8 AS s, min("durationMin")::float8 AS lo, max("durationMax")::float8 AS hi
         FROM "RequestRollup" WHERE ${where.join(' AND ')} GROUP BY 1`,
        params.values,
      ),
    ]);
    for (const row of totals) addTotals(at(Number(row.t) * 1000), row);
    for (const row of bins) addBin(at(Number(row.t) * 1000), Number(row.bin), Number(row.n));
  }

  const overall = empty();
  const points = intervalStarts(range, intervalSeconds).map((t) => {
    const acc = accumulators.get(t) ?? empty();
    overall.count += acc.count;
    overall.sum += acc.sum;
    overall.min = Math.min(overall.min, acc.min);
    overall.max = Math.max(overall.max, acc.max);
    for (const [bin, n] of acc.bins) addBin(overall, bin, n);
    return { time: new Date(t), ...stats(acc) };
  });
  return { range, intervalSeconds, overall: stats(overall), points };
}
