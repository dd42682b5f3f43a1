import { UserInputError } from '../../errors.ts';
import { parseDuration } from './duration.ts';
import { INTERVALS, type Interval } from './intervals.ts';
import { isStorableTime, STORABLE_RANGE_TEXT } from './storable-time.ts';

export interface TimeRangeInput {
  /** A duration back from now: `2h`, `7d`, or `now-2h`. */
  since?: string | null | undefined;
  /** RFC 3339 (a time without zone is UTC), or relative to now: `now-2h`, `now`. */
  from?: string | null | undefined;
  to?: string | null | undefined;
}

export interface TimeRange {
  from: Date;
  to: Date;
}

export const DEFAULT_RANGE_MS = 24 * 3_600_000;

type TimeField = 'since' | 'from' | 'to';

/** A refusal naming `field` first, in whatever terms the surface that answers uses for it. */
const refused = (field: TimeField, problem: string) =>
  new UserInputError((name) => `${name(field)}: ${problem}`, field);

function parseTimeValue(text: string, now: Date, field: TimeField): Date {
  const trimmed = text.trim();
  if (trimmed === 'now') return now;
  const relative = /^now\s*-\s*(.+)$/.exec(trimmed);
  if (relative) {
    const ms = parseDuration(relative[1]!);
    if (ms === null) throw refused(field, `"${text}" is not a time such as now-2h`);
    const date = new Date(now.getTime() - ms);
    if (!isStorableTime(date)) throw refused(field, `"${text}" is outside the supported range ${STORABLE_RANGE_TEXT}`);
    return date;
  }
  const hasZone = /(?:[zZ]|[+-]\d{2}:?\d{2})$/.test(trimmed);
  const dateOnly = /^\d{4}-\d{2}-\d{2}$/.test(trimmed);
  const iso = /^\d{4}-\d{2}-\d{2}[T ]\d{2}:\d{2}(:\d{2}(\.\d+)?)?/.test(trimmed);
  if (!dateOnly && !iso)
    throw refused(field, `"${text}" is not an RFC 3339 time (e.g. 2026-11-20T14:00:00Z) or now-2h`);
  const date = new Date(dateOnly ? `${trimmed}T00:00:00Z` : hasZone ? trimmed : `${trimmed.replace(' ', 'T')}Z`);
  if (Number.isNaN(date.getTime())) throw refused(field, `"${text}" is not a valid time`);
  if (!isStorableTime(date)) throw refused(field, `"${text}" is outside the supported range ${STORABLE_RANGE_TEXT}`);
  return date;
}

/**
 * Resolves a range: `since`, or `from`/`to`, defaulting to the last 24 hours. Reversed ranges, ranges
 * longer than the retention and mixed forms are refused with a message naming the field (`since`, `from`,
 * `to`); the surface names them as its caller wrote them.
 */
export function resolveTimeRange(
  input: TimeRangeInput | null | undefined,
  now: Date,
  retentionDays: number,
): TimeRange {
  const since = input?.since?.trim() || null;
  const fromText = input?.from?.trim() || null;
  const toText = input?.to?.trim() || null;
  if (since && fromText)
    throw new UserInputError((name) => `${name('since')} and ${name('from')} cannot both be given`, 'since');
  let from: Date;
  let to: Date;
  if (since) {
    const ms = parseDuration(since.replace(/^now\s*-\s*/, ''));
    if (ms === null) throw refused('since', `"${since}" is not a duration such as 15m, 2h, 24h or 7d`);
    to = toText ? parseTimeValue(toText, now, 'to') : now;
    from = new Date(to.getTime() - ms);
  } else {
    to = toText ? parseTimeValue(toText, now, 'to') : now;
    from = fromText ? parseTimeValue(fromText, now, 'from') : new Date(to.getTime() - DEFAULT_RANGE_MS);
  }
  if (from.getTime() >= to.getTime()) {
    throw new UserInputError(
      (name) => `${name('from')} (${from.toISOString()}) must be before ${name('to')} (${to.toISOString()})`,
      'from',
    );
  }
  const maxMs = retentionDays * 86_400_000;
  if (to.getTime() - from.getTime() > maxMs) {
    throw new UserInputError(
      (name) =>
        `${name('from')}: ranges are limited to the ${retentionDays}-day retention; start later or shorten ${name('since')}`,
      'from',
    );
  }
  return { from, to };
}

export const MAX_AUTO_POINTS = 200;
/**
 * Percentile series get fewer, fuller points: a p99 over a few hundred requests is mostly noise, and a cell's
 * histogram stops growing once its bins fill, so fuller cells also keep the cost flat as data grows.
 */
export const MAX_AUTO_PERCENTILE_POINTS = 48;
export const MAX_POINTS = 2000;

/** The smallest interval that keeps a series at or under `maxPoints` points. */
export function chooseInterval(range: TimeRange, maxPoints: number = MAX_AUTO_POINTS): Interval {
  const seconds = (range.to.getTime() - range.from.getTime()) / 1000;
  return INTERVALS.find((interval) => seconds / interval.seconds <= maxPoints) ?? INTERVALS.at(-1)!;
}

/**
 * The part of a range up to now: traffic not yet received has no numbers, so an analytics answer neither
 * reports nor echoes the future (a `to` past now, or the rest of the current interval).
 */
export function endedByNow(range: TimeRange, now: Date): TimeRange {
  if (range.from.getTime() >= now.getTime()) {
    throw new UserInputError(
      (name) => `${name('from')} (${range.from.toISOString()}) is not in the past (now is ${now.toISOString()})`,
      'from',
    );
  }
  return range.to.getTime() > now.getTime() ? { from: range.from, to: now } : range;
}

/** The range widened to whole intervals in UTC. */
export function alignRange(range: TimeRange, intervalSeconds: number): TimeRange {
  const size = intervalSeconds * 1000;
  return {
    from: new Date(Math.floor(range.from.getTime() / size) * size),
    to: new Date(Math.ceil(range.to.getTime() / size) * size),
  };
}
