import type { AnswerSource } from '../retention/data-coverage.ts';
import type { SqlClient } from '../../db/sql-client.ts';
import { HISTOGRAM_PERIODS } from '../ingest/rollup-periods.ts';
import type { TimeRange } from '../time/time-range.ts';
import { BinCounts } from './bin-counts.ts';
import { binSql, binValue } from './latency-bins.ts';
import { rollupScopeConditions, scopeConditions, SqlParams } from './sql-params.ts';
import type { Segment } from './period-plan.ts';
import { filterConditions, narrowsRequests, type RequestFilter } from './request-filter.ts';
import { intervalStartSql, seriesIntervals, seriesSegments } from './series-intervals.ts';
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
  /** Start of the UTC-aligned interval. */
  time: Date;
  /** True when only part of the interval lies in the range; the stats cover that part. */
  partial: boolean;
}

export interface ResponseTimeSeries {
  /** The range the numbers cover: the one asked, ended at now at the latest. */
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
  if (!totals || totals.count === 0)
    return { count: 0, averageMs: null, minMs: null, maxMs: null, p50Ms: null, p95Ms: null, p99Ms: null };
  // A bin's representative value, clamped to the exact extremes (a single-request interval is exact).
  const value = (bin: number | null | undefined) =>
    bin === null || bin === undefined ? null : Math.min(totals.max, Math.max(totals.min, binValue(Number(bin))));
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
type TotalsRow = { t: number; n: number; s: number; lo: number; hi: number };

/** Percentile bins per interval and overall from histogram cells `(t, lo, counts)` and raw `(t, bin, n)` rows, merged in this process. */
function mergedPercentileBins(
  cells: readonly { t: number; lo: number; counts: (number | null)[] }[],
  rawBins: readonly { t: number; bin: number; n: number }[],
): IntervalBins[] {
  const overall = new BinCounts();
  const byInterval = new Map<number, BinCounts>();
  const binsAt = (t: number) => {
    const bins = byInterval.get(t) ?? new BinCounts();
    byInterval.set(t, bins);
    return bins;
  };
  for (const cell of cells) {
    binsAt(Number(cell.t)).addCell(Number(cell.lo), cell.counts);
    overall.addCell(Number(cell.lo), cell.counts);
  }
  for (const row of rawBins) {
    binsAt(Number(row.t)).addBin(Number(row.bin), Number(row.n));
    overall.addBin(Number(row.bin), Number(row.n));
  }
  const ranked = (t: number | null, bins: BinCounts): IntervalBins => {
    const [p50, p95, p99] = bins.percentileBins([0.5, 0.95, 0.99]);
    return { t, p50: p50 ?? null, p95: p95 ?? null, p99: p99 ?? null };
  };
  return [...[...byInterval].map(([t, bins]) => ranked(t, bins)), ranked(null, overall)];
}

/** Intervals made of whole histogram periods read rollups; shorter ones, and filters histograms do not carry, read raw rows. */
export function responseTimesSource(intervalSeconds: number, filter?: RequestFilter | null): AnswerSource {
  return narrowsRequests(filter) || !HISTOGRAM_PERIODS.some((p) => intervalSeconds % p === 0) ? 'raw' : 'rollups';
}

const RAW_TOTALS = `count(*)::int AS n, sum("durationMs")::float8 AS s, min("durationMs")::float8 AS lo, max("durationMs")::float8 AS hi`;

/** Conditions on raw rows of one piece of the range, plus the filter. */
function rawWhere(
  params: SqlParams,
  scope: TrafficScope,
  from: Date,
  to: Date,
  filter: RequestFilter | null | undefined,
): string {
  return [
    ...scopeConditions(params, scope),
    `"timestamp" >= ${params.add(from)}`,
    `"timestamp" < ${params.add(to)}`,
    ...filterConditions(params, filter),
  ].join(' AND ');
}

/**
 * Every row in raw rows, ranked in SQL so only a row per interval leaves the database: intervals under 15
 * minutes (few rows), and filters the histograms do not carry (exact, at the cost of reading the rows).
 */
async function fromRawRows(
  sql: SqlClient,
  scope: TrafficScope,
  range: TimeRange,
  intervalSeconds: number,
  filter: RequestFilter | null | undefined,
) {
  const params = new SqlParams();
  const t = intervalStartSql('"timestamp"', params.add(intervalSeconds));
  const where = rawWhere(params, scope, range.from, range.to, filter);
  const binned = `SELECT ${t} AS t, ${binSql('"durationMs"')} AS bin, count(*) AS n FROM "Request" WHERE ${where} GROUP BY 1, 2`;
  return Promise.all([
    sql.query<IntervalBins>(percentileBinsSql(binned), params.values),
    sql.query<TotalsRow>(`SELECT ${t} AS t, ${RAW_TOTALS} FROM "Request" WHERE ${where} GROUP BY 1`, params.values),
  ]);
}

/**
 * Whole histogram cells (15 minutes and up, of periods dividing the interval) for the middle of the range,
 * raw rows binned the same way for the ragged ends, so partial first and last points count exactly their part.
 */
async function fromHistograms(sql: SqlClient, scope: TrafficScope, range: TimeRange, intervalSeconds: number) {
  const segments = seriesSegments(range, intervalSeconds, HISTOGRAM_PERIODS);
  const cellParams = new SqlParams();
  const rawParams = new SqlParams();
  const totalParams = new SqlParams();
  const rollupWhere = (params: SqlParams, segment: Segment) =>
    [
      ...rollupScopeConditions(params, scope),
      `"period" = ${params.add(segment.period)}`,
      `"periodStart" >= ${params.add(segment.from)}`,
      `"periodStart" < ${params.add(segment.to)}`,
    ].join(' AND ');
  const cellInterval = cellParams.add(intervalSeconds);
  const rawInterval = rawParams.add(intervalSeconds);
  const totalInterval = totalParams.add(intervalSeconds);
  const cells = segments
    .filter((segment) => segment.period > 0)
    .map(
      (
        segment,
      ) => `SELECT ${intervalStartSql('"periodStart"', cellInterval)} AS t, array_lower("counts", 1) AS lo, array_to_json("counts") AS counts
      FROM "LatencyHistogram" WHERE ${rollupWhere(cellParams, segment)}`,
    );
  const rawBins = segments
    .filter((segment) => segment.period === 0)
    .map(
      (
        segment,
      ) => `SELECT ${intervalStartSql('"timestamp"', rawInterval)} AS t, ${binSql('"durationMs"')} AS bin, count(*)::int AS n
      FROM "Request" WHERE ${rawWhere(rawParams, scope, segment.from, segment.to, null)} GROUP BY 1, 2`,
    );
  const totals = segments.map((segment) =>
    segment.period === 0
      ? `SELECT ${intervalStartSql('"timestamp"', totalInterval)} AS t, ${RAW_TOTALS} FROM "Request" WHERE ${rawWhere(totalParams, scope, segment.from, segment.to, null)} GROUP BY 1`
      : `SELECT ${intervalStartSql('"periodStart"', totalInterval)} AS t, sum("count")::int AS n, sum("durationSum")::float8 AS s, min("durationMin")::float8 AS lo,
          max("durationMax")::float8 AS hi FROM "RequestRollup" WHERE ${rollupWhere(totalParams, segment)} GROUP BY 1`,
  );
  const union = (branches: string[]) => branches.join('\nUNION ALL\n');
  const [cellRows, rawRows, totalRows] = await Promise.all([
    cells.length
      ? sql.query<{ t: number; lo: number; counts: (number | null)[] }>(union(cells), cellParams.values)
      : [],
    rawBins.length ? sql.query<{ t: number; bin: number; n: number }>(union(rawBins), rawParams.values) : [],
    sql.query<TotalsRow>(
      `SELECT t, sum(n)::int AS n, sum(s)::float8 AS s, min(lo)::float8 AS lo, max(hi)::float8 AS hi FROM (${union(totals)}) AS parts GROUP BY t`,
      totalParams.values,
    ),
  ]);
  return [mergedPercentileBins(cellRows, rawRows), totalRows] as const;
}

/**
 * p50/p95/p99, average, min, max and count per UTC interval and overall, over exactly the range (the first
 * and last points may be partial intervals, flagged). Percentiles are within 2% of exact whichever way they
 * are read (histogram cells and raw rows use the same bins); min, max, average and count are exact.
 */
export async function responseTimes(
  sql: SqlClient,
  scope: TrafficScope,
  range: TimeRange,
  intervalSeconds: number,
  filter?: RequestFilter | null,
): Promise<ResponseTimeSeries> {
  const [percentileRows, totalRows] =
    responseTimesSource(intervalSeconds, filter) === 'raw'
      ? await fromRawRows(sql, scope, range, intervalSeconds, filter)
      : await fromHistograms(sql, scope, range, intervalSeconds);
  const totalsByStart = new Map(
    totalRows.map((row) => [
      Number(row.t) * 1000,
      { count: Number(row.n), sum: Number(row.s), min: Number(row.lo), max: Number(row.hi) },
    ]),
  );
  const binsByStart = new Map(percentileRows.filter((row) => row.t !== null).map((row) => [Number(row.t) * 1000, row]));
  const overallTotals = [...totalsByStart.values()].reduce<Totals>(
    (acc, row) => ({
      count: acc.count + row.count,
      sum: acc.sum + row.sum,
      min: Math.min(acc.min, row.min),
      max: Math.max(acc.max, row.max),
    }),
    { count: 0, sum: 0, min: Number.POSITIVE_INFINITY, max: Number.NEGATIVE_INFINITY },
  );
  const points = seriesIntervals(range, intervalSeconds).map(({ start, partial }) => ({
    time: new Date(start),
    partial,
    ...stats(totalsByStart.get(start), binsByStart.get(start)),
  }));
  return {
    range,
    intervalSeconds,
    overall: stats(
      overallTotals,
      percentileRows.find((row) => row.t === null),
    ),
    points,
  };
}
