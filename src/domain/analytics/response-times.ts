import type { AnswerSource } from '../retention/data-coverage.ts';
import type { SqlClient } from '../../db/sql-client.ts';
import { HISTOGRAM_PERIODS } from '../ingest/rollup-periods.ts';
import { alignRange, type TimeRange } from '../time/time-range.ts';
import { BinCounts } from './bin-counts.ts';
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

type IntervalBins = { t: number | null; p50: number | null; p95: number | null; p99: number | null };

/** Percentile bins per interval and overall from histogram cells `(t, lo, counts)`, merged in this process. */
function percentileBinsOfCells(cells: readonly { t: number; lo: number; counts: (number | null)[] }[]): IntervalBins[] {
  const overall = new BinCounts();
  const byInterval = new Map<number, BinCounts>();
  for (const cell of cells) {
    const t = Number(cell.t);
    const bins = byInterval.get(t) ?? new BinCounts();
    byInterval.set(t, bins);
    bins.addCell(Number(cell.lo), cell.counts);
    overall.addCell(Number(cell.lo), cell.counts);
  }
  const ranked = (t: number | null, bins: BinCounts): IntervalBins => {
    const [p50, p95, p99] = bins.percentileBins([0.5, 0.95, 0.99]);
    return { t, p50: p50 ?? null, p95: p95 ?? null, p99: p99 ?? null };
  };
  return [...[...byInterval].map(([t, bins]) => ranked(t, bins)), ranked(null, overall)];
}

/** Intervals that are whole histogram periods read rollups; shorter ones read raw rows. */
export function responseTimesSource(intervalSeconds: number): AnswerSource {
  return intervalSeconds % HISTOGRAM_PERIODS[0] === 0 ? 'rollups' : 'raw';
}

/**
 * p50/p95/p99, average, min, max and count per interval and overall. Intervals of 15 minutes and up read
 * the histogram cells (one row per cell, merged here); shorter ones bin raw rows in SQL (a short range is
 * few rows). Both use the same bins, so percentiles are within 2% of exact either way, and min, max,
 * average and count are exact.
 */
export async function responseTimes(sql: SqlClient, scope: TrafficScope, requested: TimeRange, intervalSeconds: number): Promise<ResponseTimeSeries> {
  const range = alignRange(requested, intervalSeconds);
  const params = new SqlParams();
  const interval = params.add(intervalSeconds);
  let percentiles: Promise<IntervalBins[]>;
  let totalsQuery: string;
  if (responseTimesSource(intervalSeconds) === 'raw') {
    const where = [...scopeConditions(params, scope), `"timestamp" >= ${params.add(range.from)}`, `"timestamp" < ${params.add(range.to)}`].join(' AND ');
    const t = `(floor(extract(epoch FROM "timestamp") / ${interval}) * ${interval})::float8`;
    const binned = `SELECT ${t} AS t, ${binSql('"durationMs"')} AS bin, count(*) AS n FROM "Request" WHERE ${where} GROUP BY 1, 2`;
    percentiles = sql.query<IntervalBins>(percentileBinsSql(binned), params.values);
    totalsQuery = `SELECT ${t} AS t, count(*)::int AS n, sum("durationMs")::float8 AS s, min("durationMs")::float8 AS lo, max("durationMs")::float8 AS hi
      FROM "Request" WHERE ${where} GROUP BY 1`;
  } else {
    const period = params.add(rollupPeriodFor(intervalSeconds, HISTOGRAM_PERIODS));
    const where = [...rollupScopeConditions(params, scope), `"period" = ${period}`, `"periodStart" >= ${params.add(range.from)}`, `"periodStart" < ${params.add(range.to)}`].join(' AND ');
    const t = `(floor(extract(epoch FROM "periodStart") / ${interval}) * ${interval})::float8`;
    percentiles = sql
      .query<{ t: number; lo: number; counts: (number | null)[] }>(
        `SELECT ${t} AS t, array_lower("counts", 1) AS lo, array_to_json("counts") AS counts FROM "LatencyHistogram" WHERE ${where}`,
        params.values,
      )
      .then(percentileBinsOfCells);
    totalsQuery = `SELECT ${t} AS t, sum("count")::int AS n, sum("durationSum")::float8 AS s, min("durationMin")::float8 AS lo, max("durationMax")::float8 AS hi
      FROM "RequestRollup" WHERE ${where} GROUP BY 1`;
  }
  const [percentileRows, totalRows] = await Promise.all([percentiles, sql.query<{ t: number; n: number; s: number; lo: number; hi: number }>(totalsQuery, params.values)]);
  const totalsByStart = new Map(totalRows.map((row) => [Number(row.t) * 1000, { count: Number(row.n), sum: Number(row.s), min: Number(row.lo), max: Number(row.hi) }]));
  const binsByStart = new Map(percentileRows.filter((row) => row.t !== null).map((row) => [Number(row.t) * 1000, row]));
  const overallTotals = [...totalsByStart.values()].reduce<Totals>(
    (acc, row) => ({ count: acc.count + row.count, sum: acc.sum + row.sum, min: Math.min(acc.min, row.min), max: Math.max(acc.max, row.max) }),
    { count: 0, sum: 0, min: Number.POSITIVE_INFINITY, max: Number.NEGATIVE_INFINITY },
  );
  const points = intervalStarts(range, intervalSeconds).map((t) => ({ time: new Date(t), ...stats(totalsByStart.get(t), binsByStart.get(t)) }));
  return { range, intervalSeconds, overall: stats(overallTotals, percentileRows.find((row) => row.t === null)), points };
}
