import type { SqlClient } from '../../db/sql-client.ts';
import { HISTOGRAM_PERIODS } from '../ingest/store-requests.ts';
import { alignRange, type TimeRange } from '../time/time-range.ts';
import { binSql, binValue } from './latency-bins.ts';
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

interface Totals {
  count: number;
  sum: number;
  min: number;
  max: number;
}

interface PercentileBins {
  p50: number | null;
  p95: number | null;
  p99: number | null;
}

/**
 * Nearest-rank percentile bins per interval and overall, computed in SQL from `(t, bin, n)` rows, so only a
 * row per interval leaves the database however dense the histograms are. `t` is null on the overall row.
 */
function percentileBinsSql(binned: string): string {
  const pick = (p: number) => `min(bin) FILTER (WHERE c >= ceil(${p} * total))`;
  return `WITH binned AS (${binned}),
    per_interval AS (
      SELECT t, bin, sum(n) OVER (PARTITION BY t ORDER BY bin) AS c, sum(n) OVER (PARTITION BY t) AS total FROM binned
    ),
    overall_bins AS (SELECT bin, sum(n) AS n FROM binned GROUP BY bin),
    overall AS (
      SELECT NULL::float8 AS t, bin, sum(n) OVER (ORDER BY bin) AS c, sum(n) OVER () AS total FROM overall_bins
    )
    SELECT t, ${pick(0.5)} AS p50, ${pick(0.95)} AS p95, ${pick(0.99)} AS p99
    FROM (SELECT * FROM per_interval UNION ALL SELECT * FROM overall) AS ranked
    GROUP BY t`;
}

/** The same nearest-rank percentile bins, computed in this process from `(t, bin, n)` rows. */
function percentileBinsInProcess(rows: readonly { t: number; bin: number; n: number }[]): { t: number | null; p50: number | null; p95: number | null; p99: number | null }[] {
  const groups = new Map<number | null, Map<number, number>>();
  const add = (t: number | null, bin: number, n: number) => {
    const bins = groups.get(t) ?? new Map<number, number>();
    bins.set(bin, (bins.get(bin) ?? 0) + n);
    groups.set(t, bins);
  };
  for (const row of rows) {
    add(Number(row.t), Number(row.bin), Number(row.n));
    add(null, Number(row.bin), Number(row.n));
  }
  return [...groups].map(([t, bins]) => {
    const sorted = [...bins].sort((a, b) => a[0] - b[0]);
    const total = sorted.reduce((sum, [, n]) => sum + n, 0);
    const pick = (p: number) => {
      let seen = 0;
      for (const [bin, n] of sorted) if ((seen += n) >= Math.ceil(p * total)) return bin;
      return null;
    };
    return { t, p50: pick(0.5), p95: pick(0.95), p99: pick(0.99) };
  });
}

function stats(totals: Totals | undefined, bins: PercentileBins | undefined): ResponseTimeStats {
  if (!totals || totals.count === 0) return { count: 0, averageMs: null, minMs: null, maxMs: null, p50Ms: null, p95Ms: null, p99Ms: null };
  // A bin's representative value, clamped to the exact extremes (a single-request interval is exact).
  const value = (bin: number | null | undefined) => (bin === null || bin === undefined ? null : Math.min(totals.max, Math.max(totals.min, binValue(Number(bin)))));
  return {
    count: totals.count,
    averageMs: totals.sum / totals.count,
    minMs: totals.min,
    maxMs: totals.max,
    p50Ms: value(bins?.p50),
    p95Ms: value(bins?.p95),
    p99Ms: value(bins?.p99),
  };
}

/**
 * p50/p95/p99, average, min, max and count per interval and overall. Intervals of 15 minutes and up read
 * the histogram rollups; shorter ones bin raw rows (a short range is few rows). Both use the same bins,
 * so percentiles are within 2% of exact either way, and min, max, average and count are exact.
 * `percentilesIn` picks where ranks are found; both give the same answer, at different costs by engine
 * (measured in BENCHMARKS.md): PGlite pays for every row it returns across the wasm boundary, while
 * PostgreSQL returns rows cheaply and pays more for the window sorts.
 */
export type PercentilesIn = 'database' | 'process';

export async function responseTimes(
  sql: SqlClient,
  scope: TrafficScope,
  requested: TimeRange,
  intervalSeconds: number,
  percentilesIn: PercentilesIn = 'database',
): Promise<ResponseTimeSeries> {
  const range = alignRange(requested, intervalSeconds);
  const params = new SqlParams();
  const interval = params.add(intervalSeconds);
  let binned: string;
  let totalsQuery: string;
  if (intervalSeconds % HISTOGRAM_PERIODS[0] !== 0) {
    const where = [...scopeConditions(params, scope), `"timestamp" >= ${params.add(range.from)}`, `"timestamp" < ${params.add(range.to)}`].join(' AND ');
    const t = `(floor(extract(epoch FROM "timestamp") / ${interval}) * ${interval})::float8`;
    binned = `SELECT ${t} AS t, ${binSql('"durationMs"')} AS bin, count(*) AS n FROM "Request" WHERE ${where} GROUP BY 1, 2`;
    totalsQuery = `SELECT ${t} AS t, count(*)::int AS n, sum("durationMs")::float8 AS s, min("durationMs")::float8 AS lo, max("durationMs")::float8 AS hi
      FROM "Request" WHERE ${where} GROUP BY 1`;
  } else {
    const period = params.add(rollupPeriodFor(intervalSeconds, HISTOGRAM_PERIODS));
    const where = [...rollupScopeConditions(params, scope), `"period" = ${period}`, `"periodStart" >= ${params.add(range.from)}`, `"periodStart" < ${params.add(range.to)}`].join(' AND ');
    const t = `(floor(extract(epoch FROM "periodStart") / ${interval}) * ${interval})::float8`;
    binned = `SELECT ${t} AS t, "bin" AS bin, sum("count") AS n FROM "LatencyHistogram" WHERE ${where} GROUP BY 1, 2`;
    totalsQuery = `SELECT ${t} AS t, sum("count")::int AS n, sum("durationSum")::float8 AS s, min("durationMin")::float8 AS lo, max("durationMax")::float8 AS hi
      FROM "RequestRollup" WHERE ${where} GROUP BY 1`;
  }
  const [percentiles, totalRows] = await Promise.all([
    percentilesIn === 'database'
      ? sql.query<{ t: number | null; p50: number | null; p95: number | null; p99: number | null }>(percentileBinsSql(binned), params.values)
      : sql.query<{ t: number; bin: number; n: number }>(binned, params.values).then(percentileBinsInProcess),
    sql.query<{ t: number; n: number; s: number; lo: number; hi: number }>(totalsQuery, params.values),
  ]);
  const totalsByStart = new Map(totalRows.map((row) => [Number(row.t) * 1000, { count: Number(row.n), sum: Number(row.s), min: Number(row.lo), max: Number(row.hi) }]));
  const binsByStart = new Map(percentiles.filter((row) => row.t !== null).map((row) => [Number(row.t) * 1000, row]));
  const overallTotals = [...totalsByStart.values()].reduce<Totals>(
    (acc, row) => ({ count: acc.count + row.count, sum: acc.sum + row.sum, min: Math.min(acc.min, row.min), max: Math.max(acc.max, row.max) }),
    { count: 0, sum: 0, min: Number.POSITIVE_INFINITY, max: Number.NEGATIVE_INFINITY },
  );
  const points = intervalStarts(range, intervalSeconds).map((t) => ({ time: new Date(t), ...stats(totalsByStart.get(t), binsByStart.get(t)) }));
  return { range, intervalSeconds, overall: stats(overallTotals, percentiles.find((row) => row.t === null)), points };
}
