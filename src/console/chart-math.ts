/**
 * The arithmetic behind the console's charts, kept apart from the DOM so it can be tested on its own:
 * where a point sits on the time axis, which values the axes label, and where event labels go so that
 * none covers another.
 */

const UNIT_MS: Record<string, number> = { s: 1_000, m: 60_000, h: 3_600_000, d: 86_400_000 };

/** "15m", "1h", "1d" (the intervals GraphQL answers with) in milliseconds. */
export function intervalMs(interval: string): number {
  const match = /^(\d+)([smhd])$/.exec(interval.trim());
  if (!match) throw new Error(`Unknown interval "${interval}"; expected a number and s, m, h or d`);
  return Number(match[1]) * UNIT_MS[match[2]!]!;
}

/**
 * Where a point is drawn: the middle of the part of its interval that lies in the range. A point stands
 * for everything in its interval, so drawing it at the interval's start puts a spike caused by a
 * deployment at 14:30 up to a whole interval before the deployment's marker; the middle is never off by
 * more than half an interval. The first and last intervals may be cut by the range (partial points).
 */
export function pointTime(start: number, interval: number, rangeFrom: number, rangeTo: number): number {
  const from = Math.max(start, rangeFrom);
  const to = Math.min(start + interval, rangeTo);
  return to > from ? (from + to) / 2 : start + interval / 2;
}

export interface ValueAxis {
  /** The top of the axis: the last tick, at or above the largest value. */
  max: number;
  step: number;
  ticks: number[];
}

/**
 * Round ticks from zero: a step of 1, 2 or 5 times a power of ten, chosen so that at most `count`
 * steps reach the largest value (0, 250, 500, 750 are not round; 0, 200, 400, 600, 800 are).
 */
export function valueAxis(largest: number, count = 5): ValueAxis {
  if (!(largest > 0) || !Number.isFinite(largest)) return { max: 1, step: 0.25, ticks: [0, 0.25, 0.5, 0.75, 1] };
  const rough = largest / count;
  const magnitude = 10 ** Math.floor(Math.log10(rough));
  const step = [1, 2, 5, 10].map((m) => m * magnitude).find((candidate) => candidate >= rough)!;
  const steps = Math.max(1, Math.ceil(largest / step - 1e-9));
  // Multiply rather than add so 0.1 + 0.2 style drift never reaches a label.
  const ticks = Array.from({ length: steps + 1 }, (_, i) => Number((i * step).toPrecision(12)));
  return { max: ticks.at(-1)!, step, ticks };
}

const TIME_STEPS = [
  60_000,
  5 * 60_000,
  15 * 60_000,
  30 * 60_000,
  3_600_000,
  2 * 3_600_000,
  3 * 3_600_000,
  6 * 3_600_000,
  12 * 3_600_000,
  86_400_000,
  2 * 86_400_000,
  7 * 86_400_000,
];

/** Time-axis ticks on round UTC boundaries (whole hours, midnights...), at most `count` of them. */
export function timeTicks(from: number, to: number, count = 7): { step: number; ticks: number[] } {
  const span = Math.max(1, to - from);
  const step =
    TIME_STEPS.find((candidate) => span / candidate <= count) ?? Math.ceil(span / count / 86_400_000) * 86_400_000;
  const ticks: number[] = [];
  for (let t = Math.ceil(from / step) * step; t <= to; t += step) ticks.push(t);
  return { step, ticks };
}

/** A tick's text: the time of day within a day's span, the date with the time beyond it, the date alone for whole days. */
export function timeTickLabel(t: number, step: number): string {
  const iso = new Date(t).toISOString();
  if (step >= 86_400_000) return iso.slice(5, 10);
  if (step >= 3_600_000 && iso.slice(11, 16) === '00:00') return iso.slice(5, 10);
  return iso.slice(11, 16);
}

export interface LabelBox {
  /** Where the label's line is. */
  x: number;
  /** Estimated text width in the chart's units. */
  width: number;
}

export interface PlacedLabel {
  /** 0 for the top line of labels, 1 below it... */
  row: number;
  /** Text runs rightwards from x ('start') or ends at x ('end', near the right edge). */
  anchor: 'start' | 'end';
  /** No row had room: the marker line stays and the label is left to its tooltip and the text list. */
  hidden: boolean;
}

/**
 * Puts each label in the first row where it overlaps no label already there, running it leftwards when
 * it would leave the plot on the right. Labels are taken in the order given (sort by x for a left-to-
 * right reading); a label that fits in none of `rows` rows is hidden rather than drawn over another.
 */
export function placeLabels(labels: LabelBox[], plotLeft: number, plotRight: number, rows = 3, gap = 6): PlacedLabel[] {
  const taken: [number, number][][] = Array.from({ length: rows }, () => []);
  return labels.map(({ x, width }) => {
    const anchor = x + 3 + width > plotRight && x - 3 - width >= plotLeft ? 'end' : 'start';
    const left = anchor === 'start' ? x : x - width - 3;
    const right = anchor === 'start' ? x + width + 3 : x;
    const row = taken.findIndex((spans) => spans.every(([a, b]) => right + gap <= a || left >= b + gap));
    if (row === -1) return { row: 0, anchor, hidden: true };
    taken[row]!.push([left, right]);
    return { row, anchor, hidden: false };
  });
}
