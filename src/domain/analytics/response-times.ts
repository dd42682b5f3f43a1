import type { AnswerSource } from '../retention/data-coverage.ts';
import type { SqlClient } from '../../db/sql-client.ts';
import { HISTOGRAM_PERIODS, ROUTE_PERIODS } from '../ingest/rollup-periods.ts';
import type { TimeRange } from '../time/time-range.ts';
import { binValue } from './latency-bins.ts';
import { narrowsRequests, type RequestFilter } from './request-filter.ts';
import {
  fromRawRows,
  fromRollups,
  type IntervalBins,
  mergedExtreme,
  type RollupTables,
} from './response-time-reads.ts';
import { readWithQuietEnd } from './quiet-end.ts';
import { fromRouteRollups, routeRollupsCarry, routeRollupsDivide } from './route-response-times.ts';
import { seriesIntervals, seriesSegments } from './series-intervals.ts';
import { rollupScopeConditions } from './sql-params.ts';
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
  /** null where route rollup rows older than their extremes count some of the requests (see TotalsRow). */
  min: number | null;
  max: number | null;
}

function stats(totals: Totals | undefined, bins: IntervalBins | undefined): ResponseTimeStats {
  if (!totals || totals.count === 0)
    return { count: 0, averageMs: null, minMs: null, maxMs: null, p50Ms: null, p95Ms: null, p99Ms: null };
  // A bin's representative value, clamped to the exact extremes (a single-request interval is exact), not
  // clamped where they are unknown.
  const clamp = (ms: number) => Math.min(totals.max ?? ms, Math.max(totals.min ?? ms, ms));
  const value = (bin: number | null | undefined) =>
    bin === null || bin === undefined ? null : clamp(binValue(Number(bin)));
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
 * Where an answer is read: raw rows for intervals under 15 minutes and filters no rollup carries; route rollups
 * for a route and/or methods filter over whole hours; environment histograms otherwise.
 */
export function responseTimesSource(intervalSeconds: number, filter?: RequestFilter | null): AnswerSource {
  if (routeRollupsCarry(filter)) return routeRollupsDivide(intervalSeconds) ? 'rollups' : 'raw';
  return narrowsRequests(filter) || !HISTOGRAM_PERIODS.some((p) => intervalSeconds % p === 0) ? 'raw' : 'rollups';
}

/** The finest whole cell (ms) a rollup read of response times uses, whose partial ends it reads from raw rows. */
export const responseTimesCellMs = (filter?: RequestFilter | null): number =>
  (routeRollupsCarry(filter) ? ROUTE_PERIODS[0] : HISTOGRAM_PERIODS[0]) * 1000;

/** Whole histogram cells (15 minutes and up, of periods dividing the interval), raw rows for the ragged ends. */
const fromHistograms = (sql: SqlClient, scope: TrafficScope, range: TimeRange, intervalSeconds: number) =>
  readWithQuietEnd(
    sql,
    scope,
    range,
    (quietUntil) => seriesSegments(range, intervalSeconds, HISTOGRAM_PERIODS, { quietUntil }),
    (segments) => fromRollups(sql, scope, segments, intervalSeconds, ENVIRONMENT_ROLLUPS, null),
  );

const ENVIRONMENT_ROLLUPS: RollupTables = {
  cells: '"LatencyHistogram"',
  totals: '"RequestRollup"',
  scope: rollupScopeConditions,
  conditions: () => [],
};

function readsFor(
  sql: SqlClient,
  scope: TrafficScope,
  range: TimeRange,
  intervalSeconds: number,
  filter: RequestFilter | null | undefined,
) {
  if (responseTimesSource(intervalSeconds, filter) === 'raw')
    return fromRawRows(sql, scope, range, intervalSeconds, filter);
  return routeRollupsCarry(filter)
    ? fromRouteRollups(sql, scope, range, intervalSeconds, filter)
    : fromHistograms(sql, scope, range, intervalSeconds);
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
  const [percentileRows, totalRows] = await readsFor(sql, scope, range, intervalSeconds, filter);
  const totalsByStart = new Map(
    totalRows.map((row) => [
      Number(row.t) * 1000,
      {
        count: Number(row.n),
        sum: Number(row.s),
        min: row.lo === null ? null : Number(row.lo),
        max: row.hi === null ? null : Number(row.hi),
      },
    ]),
  );
  const binsByStart = new Map(percentileRows.filter((row) => row.t !== null).map((row) => [Number(row.t) * 1000, row]));
  const overallTotals = [...totalsByStart.values()].reduce<Totals>(
    (acc, row) => ({
      count: acc.count + row.count,
      sum: acc.sum + row.sum,
      min: mergedExtreme(Math.min, acc.min, acc.count, row.min, row.count),
      max: mergedExtreme(Math.max, acc.max, acc.count, row.max, row.count),
    }),
    { count: 0, sum: 0, min: null, max: null },
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
