import type { SqlClient } from '../../db/sql-client.ts';
import { UserInputError } from '../../errors.ts';
import type { TimeRange } from '../time/time-range.ts';
import { BinCounts } from './bin-counts.ts';
import { hourlyCells, HOUR_SECONDS, type EndpointRef, type HourCell } from './hourly-cells.ts';
import { binValue } from './latency-bins.ts';
import { precedingEvents, type EventMark } from './preceding-events.ts';
import { MAD_TO_SD, median, medianAbsoluteDeviation } from './significance.ts';
import type { TrafficScope } from './traffic-scope.ts';

export const ANOMALY_METRICS = ['p50', 'p95', 'p99', 'error_rate', 'throughput'] as const;
export type AnomalyMetric = (typeof ANOMALY_METRICS)[number];

/** |score| a point must reach, by sensitivity: a score is the distance from the baseline median in robust standard deviations. */
export const SENSITIVITY_THRESHOLDS = { low: 6, normal: 4.5, high: 3 } as const;
export type Sensitivity = keyof typeof SENSITIVITY_THRESHOLDS;

/**
 * Points with fewer requests (or, for throughput, fewer expected) are neither scored nor used as baseline: a
 * p95 of 20 requests is its second slowest, and one error among 20 is 5%. Quiet nights stay quiet.
 */
export const MIN_POINT_REQUESTS = 50;
/** How far back the baseline looks: the same hour of the week over 4 weeks, else of the day over 7 days. */
export const BASELINE_WEEKS = 4;
export const BASELINE_DAYS = 7;
/** Else the trailing window: the previous 24 scorable hours. */
export const TRAILING_HOURS = 24;
/** The fewest baseline samples each kind needs. */
const MIN_SAMPLES = { same_hour_of_week: 3, same_hour_of_day: 3, trailing: 6 } as const;
export type BaselineKind = keyof typeof MIN_SAMPLES;
export const BASELINE_KINDS = Object.keys(MIN_SAMPLES) as BaselineKind[];

/**
 * The longest range scored: 31 days, at most 745 hourly points (an unaligned range touches one more hour).
 * Each point also reads 4 weeks of history before the range, and a month of hours is already more than a
 * chart or a model reads; longer questions are a comparison of periods, not a search for odd hours.
 */
export const MAX_ANOMALY_RANGE_DAYS = 31;

/** The smallest departures reported at all, whatever the score. */
const MIN_LATENCY_RATIO = 1.25;
const MIN_ERROR_RATE_DELTA = 0.01;
const MIN_THROUGHPUT_RATIO = 1.5;

const HOUR_MS = HOUR_SECONDS * 1000;
const DAY_MS = 24 * HOUR_MS;
const WEEK_MS = 7 * DAY_MS;
const QUANTILES: Partial<Record<AnomalyMetric, number>> = { p50: 0.5, p95: 0.95, p99: 0.99 };

export interface AnomalyPoint {
  time: Date;
  partial: boolean;
  count: number;
  /** The metric at this point (throughput: requests per hour, partial points scaled up); null without requests. */
  value: number | null;
  /** null when the point is not scored: too few requests, or no baseline yet. */
  baseline: { median: number; mad: number; kind: BaselineKind; samples: number } | null;
  score: number | null;
  anomalous: boolean;
}

export interface Anomaly extends AnomalyPoint {
  baseline: NonNullable<AnomalyPoint['baseline']>;
  score: number;
  direction: 'up' | 'down';
  /** The latest event started before the point ended (up to 7 days before), if any. */
  precedingEvent: EventMark | null;
}

export interface RangeSummary {
  count: number;
  errorRate: number;
  requestsPerHour: number;
  p50Ms: number | null;
  p95Ms: number | null;
  p99Ms: number | null;
}

export interface AnomalyReport {
  range: TimeRange;
  metric: AnomalyMetric;
  endpoint: EndpointRef | null;
  sensitivity: Sensitivity;
  threshold: number;
  summary: RangeSummary;
  points: AnomalyPoint[];
  anomalies: Anomaly[];
}

const fraction = (cell: HourCell) => (cell.to.getTime() - cell.from.getTime()) / HOUR_MS;

/** The metric of one hour; null when it has too few requests to say anything. */
function metricValueOf(cell: HourCell, metric: AnomalyMetric): number | null {
  if (metric === 'throughput') return cell.count / fraction(cell);
  if (cell.count < MIN_POINT_REQUESTS) return null;
  if (metric === 'error_rate') return cell.errors / cell.count;
  const [bin] = cell.bins.percentileBins([QUANTILES[metric]!]);
  return bin === null || bin === undefined ? null : binValue(bin);
}

/**
 * The smallest spread a score divides by, so a baseline that happened to be flat does not turn noise into
 * anomalies: a percentile moves by about 1/√(requests beyond it) of itself between samples, an error rate
 * by its binomial deviation, a count by its Poisson one.
 */
function spreadFloor(metric: AnomalyMetric, center: number, cell: HourCell): number {
  if (metric === 'error_rate') {
    const p = Math.max(center, 0.5 / cell.count);
    return Math.max(0.002, Math.sqrt((p * (1 - p)) / cell.count));
  }
  if (metric === 'throughput') return Math.max(1, 0.05 * center, Math.sqrt(center * fraction(cell)) / fraction(cell));
  const tail = cell.count * (1 - QUANTILES[metric]!);
  return center * Math.max(0.05, 1 / Math.sqrt(Math.max(tail, 1)));
}

function bigEnough(metric: AnomalyMetric, value: number, center: number): boolean {
  if (metric === 'error_rate') return Math.abs(value - center) >= MIN_ERROR_RATE_DELTA;
  const limit = metric === 'throughput' ? MIN_THROUGHPUT_RATIO : MIN_LATENCY_RATIO;
  if (center <= 0) return value > 0;
  return value / center >= limit || value / center <= 1 / limit;
}

/**
 * A value a baseline may take: `unread` when the hour is scorable by its totals but its histogram was not read,
 * so its latency is not known yet (its value is then NaN and must not be used).
 */
interface Sample {
  start: number;
  value: number;
  unread: boolean;
}

/** Baseline samples for the hour starting at `start`: the first kind with enough scorable samples. */
function baselineFor(
  start: number,
  valueAt: Map<number, Sample | null>,
  trailing: Sample[],
): { kind: BaselineKind; samples: Sample[] } | null {
  const back = (step: number, n: number) =>
    Array.from({ length: n }, (_, i) => valueAt.get(start - (i + 1) * step)).filter(
      (v): v is Sample => v !== null && v !== undefined,
    );
  const weekly = back(WEEK_MS, BASELINE_WEEKS);
  if (weekly.length >= MIN_SAMPLES.same_hour_of_week) return { kind: 'same_hour_of_week', samples: weekly };
  const daily = back(DAY_MS, BASELINE_DAYS);
  if (daily.length >= MIN_SAMPLES.same_hour_of_day) return { kind: 'same_hour_of_day', samples: daily };
  if (trailing.length >= MIN_SAMPLES.trailing) return { kind: 'trailing', samples: trailing };
  return null;
}

/**
 * Scores the range's cells against the history's. History hours without their histogram (`histogramRead`
 * false) count as scorable by their totals alone: when a baseline chosen takes one of them, the points are
 * not final and `unread` lists every such hour taken. An hour read that turns out unscorable (no histogram
 * where the totals had requests) only ever shrinks a baseline kind's samples, so once every hour taken has
 * been read, the baselines are those a read of every histogram chooses.
 */
export function scorePoints(
  history: HourCell[],
  cells: HourCell[],
  metric: AnomalyMetric,
  threshold: number,
  histogramRead: (cell: HourCell) => boolean,
): { points: AnomalyPoint[]; unread: Set<number> } {
  // Baselines read whole hours only; a quiet hour is a fair throughput sample (nights are part of the cycle),
  // but hours before the first request seen are no history at all, not zero traffic.
  let seenTraffic = false;
  const scorable = (cell: HourCell): Sample | null => {
    seenTraffic ||= cell.count > 0;
    if (cell.partial || !seenTraffic) return null;
    if (QUANTILES[metric] !== undefined && cell.count >= MIN_POINT_REQUESTS && !histogramRead(cell))
      return { start: cell.start, value: Number.NaN, unread: true };
    const value = metricValueOf(cell, metric);
    return value === null ? null : { start: cell.start, value, unread: false };
  };
  const valueAt = new Map<number, Sample | null>();
  const trailing: Sample[] = [];
  const remember = (cell: HourCell) => {
    const sample = scorable(cell);
    valueAt.set(cell.start, sample);
    if (sample === null) return;
    trailing.push(sample);
    if (trailing.length > TRAILING_HOURS) trailing.shift();
  };
  history.forEach(remember);

  const unread = new Set<number>();
  const points: AnomalyPoint[] = [];
  for (const cell of cells) {
    const value = metricValueOf(cell, metric);
    const found = value === null ? null : baselineFor(cell.start, valueAt, [...trailing]);
    let point: AnomalyPoint = {
      time: new Date(cell.start),
      partial: cell.partial,
      count: cell.count,
      value,
      baseline: null,
      score: null,
      anomalous: false,
    };
    const missing = found?.samples.filter((sample) => sample.unread) ?? [];
    for (const sample of missing) unread.add(sample.start);
    if (value !== null && found && missing.length === 0) {
      const samples = found.samples.map((sample) => sample.value);
      const center = median(samples);
      const mad = medianAbsoluteDeviation(samples, center);
      const quiet = metric === 'throughput' && Math.max(center, value) * fraction(cell) < MIN_POINT_REQUESTS;
      const score = (value - center) / Math.max(MAD_TO_SD * mad, spreadFloor(metric, center, cell));
      point = {
        ...point,
        baseline: { median: center, mad, kind: found.kind, samples: samples.length },
        score,
        anomalous: !quiet && Math.abs(score) >= threshold && bigEnough(metric, value, center),
      };
    }
    points.push(point);
    remember(cell);
  }
  return { points, unread };
}

/**
 * The history's cells with the histograms of `hours` (whole hours of it) read: those hours are read again
 * whole, totals and histogram in one statement, and replace their totals-only cells.
 */
async function withHistograms(
  sql: SqlClient,
  scope: TrafficScope,
  history: HourCell[],
  endpoint: EndpointRef | null,
  hours: ReadonlySet<number>,
): Promise<HourCell[]> {
  const starts = [...hours];
  const span = { from: new Date(Math.min(...starts)), to: new Date(Math.max(...starts) + HOUR_MS) };
  const read = new Map((await hourlyCells(sql, scope, span, endpoint, hours)).map((cell) => [cell.start, cell]));
  return history.map((cell) => (hours.has(cell.start) ? read.get(cell.start)! : cell));
}

function summaryOf(cells: HourCell[], range: TimeRange): RangeSummary {
  const bins = new BinCounts();
  let count = 0;
  let errors = 0;
  for (const cell of cells) {
    bins.addAll(cell.bins);
    count += cell.count;
    errors += cell.errors;
  }
  const [p50, p95, p99] = bins
    .percentileBins([0.5, 0.95, 0.99])
    .map((bin) => (bin === null || bin === undefined ? null : binValue(bin)));
  return {
    count,
    errorRate: count ? errors / count : 0,
    requestsPerHour: count / ((range.to.getTime() - range.from.getTime()) / HOUR_MS),
    p50Ms: p50 ?? null,
    p95Ms: p95 ?? null,
    p99Ms: p99 ?? null,
  };
}

/**
 * Hourly points of one series (a latency percentile, the error rate or throughput; overall or one endpoint)
 * scored against a robust baseline: median and MAD of the same hour of the week over the past 4 weeks when
 * at least 3 have traffic enough, else of the same hour of the day over 7 days, else of the previous 24 hours.
 * A point is an anomaly when |value − median| / max(1.4826·MAD, noise floor) reaches the sensitivity's
 * threshold and the departure is large enough to matter (latency 1.25x, error rate 1 point, throughput 1.5x).
 */
export async function findAnomalies(
  sql: SqlClient,
  scope: TrafficScope,
  range: TimeRange,
  options: { metric: AnomalyMetric; endpoint: EndpointRef | null; sensitivity: Sensitivity },
): Promise<AnomalyReport> {
  if (!ANOMALY_METRICS.includes(options.metric))
    throw new UserInputError(`metric: "${options.metric}" is not one of ${ANOMALY_METRICS.join(', ')}`, 'metric');
  if (!Object.hasOwn(SENSITIVITY_THRESHOLDS, options.sensitivity)) {
    throw new UserInputError(
      `sensitivity: "${options.sensitivity}" is not one of ${Object.keys(SENSITIVITY_THRESHOLDS).join(', ')}`,
      'sensitivity',
    );
  }
  const days = (range.to.getTime() - range.from.getTime()) / DAY_MS;
  if (days > MAX_ANOMALY_RANGE_DAYS) {
    throw new UserInputError(
      (name) =>
        `${name('range')}: anomalies are scored over at most ${MAX_ANOMALY_RANGE_DAYS} days of hourly points; this range spans ${Math.ceil(days)} days`,
      'range',
    );
  }
  const { metric, endpoint, sensitivity } = options;
  const threshold = SENSITIVITY_THRESHOLDS[sensitivity];
  const historyFrom = new Date(Math.floor(range.from.getTime() / HOUR_MS) * HOUR_MS - BASELINE_WEEKS * WEEK_MS);
  // The history's totals first (no histogram), then the histograms of the hours some baseline takes (for a
  // latency metric: the same hour 1–4 weeks or 1–7 days back, the trailing scorable hours), until no baseline
  // takes an hour not read. A day's range takes about 120 (weekly baselines) to 240 (daily) of the 672 hours'
  // histograms; error rate and throughput take none.
  let [history, cells] = await Promise.all([
    hourlyCells(sql, scope, { from: historyFrom, to: range.from }, endpoint, new Set()),
    hourlyCells(sql, scope, range, endpoint),
  ]);
  // The range's own hours were read with their histograms: a baseline taking one (trailing, or daily within a
  // multi-day range) must not send it to withHistograms again. A history cell sharing a start with one of them is
  // partial on both sides, and partial cells are never scored.
  const read = new Set<number>(cells.map((cell) => cell.start));
  let scored = scorePoints(history, cells, metric, threshold, (cell) => read.has(cell.start));
  while (scored.unread.size > 0) {
    history = await withHistograms(sql, scope, history, endpoint, scored.unread);
    for (const start of scored.unread) read.add(start);
    scored = scorePoints(history, cells, metric, threshold, (cell) => read.has(cell.start));
  }
  const { points } = scored;

  const flagged = points.filter(
    (p): p is AnomalyPoint & { baseline: NonNullable<AnomalyPoint['baseline']>; score: number } => p.anomalous,
  );
  const events = flagged.length
    ? await precedingEvents(
        sql,
        scope,
        flagged.map((p) => new Date(Math.min(p.time.getTime() + HOUR_MS, range.to.getTime()))),
      )
    : [];
  const anomalies: Anomaly[] = flagged.map((p, i) => ({
    ...p,
    direction: p.score > 0 ? 'up' : 'down',
    precedingEvent: events[i] ?? null,
  }));
  return { range, metric, endpoint, sensitivity, threshold, summary: summaryOf(cells, range), points, anomalies };
}
