import type { SqlClient } from '../../db/sql-client.ts';
import type { TimeRange } from '../time/time-range.ts';
import { BinCounts } from './bin-counts.ts';
import { endpointHistograms, endpointKey, type EndpointHistogram } from './endpoints.ts';
import { binValue } from './latency-bins.ts';
import { CRITICAL_Z, twoProportionZ, twoSidedP } from './significance.ts';
import { rangeHistogram } from './range-histogram.ts';
import { SharedRawPieces } from './shared-raw-pieces.ts';
import type { TrafficScope } from './traffic-scope.ts';

/**
 * Fewer requests than this in either period and no change is called: a p95 over 50 requests rests on its
 * 3 slowest, and an error share moves by 2 points with one request.
 */
export const MIN_COMPARE_REQUESTS = 50;
/** The smallest p95 change called: 20% either way (percentiles carry 2% binning error, traffic more). */
export const MIN_P95_RATIO = 1.2;
/** The smallest error-rate change called: 1 percentage point and half again (or a third less). */
export const MIN_ERROR_RATE_DELTA = 0.01;
export const MIN_ERROR_RATE_RATIO = 1.5;

export const CHANGE_VERDICTS = ['regressed', 'improved', 'unchanged', 'insufficient_data'] as const;
export type ChangeVerdict = (typeof CHANGE_VERDICTS)[number];

export interface PeriodStats {
  count: number;
  requestsPerMinute: number;
  errorCount: number;
  errorRate: number;
  p50Ms: number | null;
  p95Ms: number | null;
  p99Ms: number | null;
}

/** One tested change: the verdict, the z statistic and its two-sided p (null when too few requests). */
export interface ChangeTest {
  verdict: ChangeVerdict;
  z: number | null;
  pValue: number | null;
  /** Requests made worse (positive) or better (negative) in the after period: extra errors, or extra requests slower than the pooled p95. */
  affectedRequests: number;
}

export interface EndpointComparison {
  /** null for the overall row. */
  method: string | null;
  route: string | null;
  before: PeriodStats;
  after: PeriodStats;
  p50Ratio: number | null;
  p95Ratio: number | null;
  p99Ratio: number | null;
  /** after − before, in share of requests (0.01 = one percentage point). */
  errorRateChange: number;
  /** Requests per minute after / before; null when none before. Reported, not tested: volume follows the hour of day. */
  throughputRatio: number | null;
  latency: ChangeTest;
  errorRate: ChangeTest;
  verdict: ChangeVerdict;
  /** Requests made worse by the changes called (the larger of the two tests); what the list is sorted by. */
  impact: number;
}

export interface PeriodComparison {
  before: TimeRange;
  after: TimeRange;
  overall: EndpointComparison;
  /** Every endpoint with requests in either period, most impact first (called changes before the rest). */
  endpoints: EndpointComparison[];
}

const minutes = (range: TimeRange) => (range.to.getTime() - range.from.getTime()) / 60_000;
const ratio = (after: number | null, before: number | null) =>
  after === null || before === null || before === 0 ? null : after / before;

function periodStats(h: EndpointHistogram | undefined, range: TimeRange): PeriodStats {
  if (!h || h.count === 0)
    return { count: 0, requestsPerMinute: 0, errorCount: 0, errorRate: 0, p50Ms: null, p95Ms: null, p99Ms: null };
  const [p50, p95, p99] = h.bins.percentileBins([0.5, 0.95, 0.99]).map((bin) => (bin === null ? null : binValue(bin)));
  const errorCount = h.status4xx + h.status5xx;
  return {
    count: h.count,
    requestsPerMinute: h.count / minutes(range),
    errorCount,
    errorRate: errorCount / h.count,
    p50Ms: p50!,
    p95Ms: p95!,
    p99Ms: p99!,
  };
}

const insufficient: ChangeTest = { verdict: 'insufficient_data', z: null, pValue: null, affectedRequests: 0 };

/**
 * p95 tested as a quantile test (Mood's median test moved to the 95th percentile): the pooled p95 bin of
 * both periods splits each period's requests into "slower" and "not" (that bin's own requests shared out); a two-proportion z test on those
 * shares says whether the tail moved. Called when |z| ≥ CRITICAL_Z and p95 moved by MIN_P95_RATIO.
 */
function latencyTest(before: EndpointHistogram, after: EndpointHistogram, p95Ratio: number | null): ChangeTest {
  const pooled = new BinCounts();
  pooled.addAll(before.bins);
  pooled.addAll(after.bins);
  const [threshold] = pooled.percentileBins([0.95]);
  // The pooled p95 bin itself is split, not left out: when a tail ends inside that bin (every request of a
  // 3x slower period within 2% of its maximum), "above the bin" counts almost nothing in either period and
  // the test sees no change. Each period counts the same share of its requests in that bin, the share that
  // makes the pooled slower count 5%, as a quantile test splits ties at its quantile.
  const pooledIn = pooled.countIn(threshold!);
  const share =
    pooledIn === 0 ? 0 : Math.min(1, Math.max(0, (0.05 * pooled.count - pooled.countAbove(threshold!)) / pooledIn));
  const slowBefore = before.bins.countAbove(threshold!) + share * before.bins.countIn(threshold!);
  const slowAfter = after.bins.countAbove(threshold!) + share * after.bins.countIn(threshold!);
  const z = twoProportionZ(slowBefore, before.count, slowAfter, after.count);
  const affectedRequests = (slowAfter / after.count - slowBefore / before.count) * after.count;
  const large = p95Ratio !== null && (p95Ratio >= MIN_P95_RATIO || p95Ratio <= 1 / MIN_P95_RATIO);
  const verdict: ChangeVerdict = Math.abs(z) >= CRITICAL_Z && large ? (z > 0 ? 'regressed' : 'improved') : 'unchanged';
  return { verdict, z, pValue: twoSidedP(z), affectedRequests };
}

/** Error rate by a pooled two-proportion z test; called when |z| ≥ CRITICAL_Z and the rate moved by both minimums. */
function errorRateTest(before: PeriodStats, after: PeriodStats): ChangeTest {
  const z = twoProportionZ(before.errorCount, before.count, after.errorCount, after.count);
  const delta = after.errorRate - before.errorRate;
  const relative = before.errorRate === 0 ? Number.POSITIVE_INFINITY : after.errorRate / before.errorRate;
  const large =
    Math.abs(delta) >= MIN_ERROR_RATE_DELTA &&
    (relative >= MIN_ERROR_RATE_RATIO || relative <= 1 / MIN_ERROR_RATE_RATIO);
  const verdict: ChangeVerdict = Math.abs(z) >= CRITICAL_Z && large ? (z > 0 ? 'regressed' : 'improved') : 'unchanged';
  return { verdict, z, pValue: twoSidedP(z), affectedRequests: delta * after.count };
}

function combined(tests: ChangeTest[]): ChangeVerdict {
  for (const verdict of ['regressed', 'improved', 'insufficient_data'] as const)
    if (tests.some((t) => t.verdict === verdict)) return verdict;
  return 'unchanged';
}

export function compareHistograms(
  key: { method: string | null; route: string | null },
  before: EndpointHistogram | undefined,
  after: EndpointHistogram | undefined,
  ranges: { before: TimeRange; after: TimeRange },
): EndpointComparison {
  const b = periodStats(before, ranges.before);
  const a = periodStats(after, ranges.after);
  const p95Ratio = ratio(a.p95Ms, b.p95Ms);
  const enough =
    before !== undefined && after !== undefined && b.count >= MIN_COMPARE_REQUESTS && a.count >= MIN_COMPARE_REQUESTS;
  const latency = enough ? latencyTest(before, after, p95Ratio) : insufficient;
  const errorRate = enough ? errorRateTest(b, a) : insufficient;
  const called = [latency, errorRate].filter((t) => t.verdict === 'regressed' || t.verdict === 'improved');
  return {
    ...key,
    before: b,
    after: a,
    p50Ratio: ratio(a.p50Ms, b.p50Ms),
    p95Ratio,
    p99Ratio: ratio(a.p99Ms, b.p99Ms),
    errorRateChange: a.errorRate - b.errorRate,
    throughputRatio: ratio(a.requestsPerMinute, b.requestsPerMinute),
    latency,
    errorRate,
    verdict: combined([latency, errorRate]),
    impact: Math.max(0, ...(called.length ? called : [latency, errorRate]).map((t) => Math.abs(t.affectedRequests))),
  };
}

const isCalled = (c: EndpointComparison) => c.verdict === 'regressed' || c.verdict === 'improved';

/**
 * Per endpoint and overall, the change from `before` to `after` in p50/p95/p99, error rate and throughput,
 * each latency and error change judged (see latencyTest, errorRateTest). Endpoints are read from route
 * rollups, so the cost is that of two `endpoints` calls; overall is read from the environment-wide rollups,
 * so it counts every request of each range, routes past the per-route bound included.
 */
export async function comparePeriods(
  sql: SqlClient,
  scope: TrafficScope,
  before: TimeRange,
  after: TimeRange,
): Promise<PeriodComparison> {
  // Around an event `after` starts where `before` ends: the piece its start subtracts is `before`'s end.
  const pieces = new SharedRawPieces(before);
  const [then, now, allBefore, allAfter] = await Promise.all([
    endpointHistograms(sql, scope, before, pieces.taking),
    endpointHistograms(sql, scope, after, pieces.offering),
    rangeHistogram(sql, scope, before),
    rangeHistogram(sql, scope, after),
  ]);
  const ranges = { before, after };
  const keys = new Set([...then.keys(), ...now.keys()]);
  const endpoints = [...keys].map((key) => {
    const sample = (now.get(key) ?? then.get(key))!;
    return compareHistograms({ method: sample.method, route: sample.route }, then.get(key), now.get(key), ranges);
  });
  endpoints.sort(
    (x, y) =>
      Number(isCalled(y)) - Number(isCalled(x)) ||
      y.impact - x.impact ||
      y.after.count - x.after.count ||
      endpointKey({ method: x.method!, route: x.route! }).localeCompare(
        endpointKey({ method: y.method!, route: y.route! }),
      ),
  );
  const overall = compareHistograms({ method: null, route: null }, allBefore, allAfter, ranges);
  return { before, after, overall, endpoints };
}
