import type { TimeRange } from '../time/time-range.ts';
import { type PlanOptions, planSegments, type Segment } from './period-plan.ts';

/**
 * One point of a series: `start` is its UTC-aligned interval start (ms), `from`/`to` the part of that interval
 * inside the range. The first and last intervals are usually cut by the range; they are `partial`, and their
 * numbers count only that part, so a series sums to exactly what `metrics` counts over the same range.
 */
export interface SeriesInterval {
  start: number;
  from: Date;
  to: Date;
  partial: boolean;
}

export function seriesIntervals(range: TimeRange, intervalSeconds: number): SeriesInterval[] {
  const size = intervalSeconds * 1000;
  const [rangeFrom, rangeTo] = [range.from.getTime(), range.to.getTime()];
  const intervals: SeriesInterval[] = [];
  for (let start = Math.floor(rangeFrom / size) * size; start < rangeTo; start += size) {
    const from = Math.max(start, rangeFrom);
    const to = Math.min(start + size, rangeTo);
    intervals.push({ start, from: new Date(from), to: new Date(to), partial: from !== start || to !== start + size });
  }
  return intervals;
}

/**
 * The pieces a series reads: rollup levels that divide the interval (so every rollup row falls inside one
 * interval), raw rows only for the ragged ends no such level covers (options as for planSegments).
 */
export function seriesSegments(
  range: TimeRange,
  intervalSeconds: number,
  periods: readonly number[],
  options: PlanOptions = {},
): Segment[] {
  return planSegments(
    range.from,
    range.to,
    periods.filter((p) => intervalSeconds % p === 0),
    options,
  );
}

/** SQL for the interval start (epoch seconds) of a timestamp column; `interval` is a bound parameter. */
export const intervalStartSql = (column: string, interval: string) =>
  `(floor(extract(epoch FROM ${column}) / ${interval}) * ${interval})::float8`;
