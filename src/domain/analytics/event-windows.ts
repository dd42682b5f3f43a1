import { UserInputError } from '../../errors.ts';
import { parseDuration } from '../time/duration.ts';
import type { TimeRange } from '../time/time-range.ts';

/** The longest window around an event: a week before and after keeps both periods inside rollup retention. */
export const MAX_EVENT_WINDOW_MS = 7 * 86_400_000;
export const DEFAULT_EVENT_WINDOW = '1h';

/**
 * Before and after an event: `window` before it started, and `window` from when it ended (its start when it
 * has no end), so a rollout in progress is in neither. The after period ends at now at the latest.
 */
export function eventWindows(
  event: { startedAt: Date; endedAt: Date | null },
  window: string,
  now: Date,
): { before: TimeRange; after: TimeRange } {
  const length = parseDuration(window);
  if (length === null)
    throw new UserInputError(`window: "${window}" is not a duration such as 30m, 1h or 1d`, 'window');
  if (length > MAX_EVENT_WINDOW_MS) throw new UserInputError(`window: at most 7d (got ${window})`, 'window');
  const start = event.startedAt.getTime();
  const end = Math.max(start, (event.endedAt ?? event.startedAt).getTime());
  if (end >= now.getTime())
    throw new UserInputError(
      `event: it ${event.endedAt ? 'ends' : 'starts'} at ${new Date(end).toISOString()}, not before now; there is no after period yet`,
      'event',
    );
  return {
    before: { from: new Date(start - length), to: new Date(start) },
    after: { from: new Date(end), to: new Date(Math.min(end + length, now.getTime())) },
  };
}

/** The period of the same length just before `range`, the default to compare a range with. */
export function previousPeriod(range: TimeRange): TimeRange {
  const length = range.to.getTime() - range.from.getTime();
  return { from: new Date(range.from.getTime() - length), to: range.from };
}
