import type { TimeRange } from '../time/time-range.ts';
import type { PurgedBefore } from './purged-before.ts';
import { retainedFrom, retentionCutoffs, type RetentionCutoffs, type RetentionPolicy } from './retention-policy.ts';

/** What an answer was computed from: raw request rows (kept RETENTION_DAYS) or rollups (ROLLUP_RETENTION_DAYS). */
export type AnswerSource = 'raw' | 'rollups';

/** Whether an answer's range lies inside what retention keeps, so a smaller number is never silently a purged one. */
export interface DataCoverage {
  complete: boolean;
  source: AnswerSource;
  /** The oldest instant the answer's source still holds. */
  availableFrom: Date;
  /** Why the answer is incomplete, for people and models to read; null when complete. */
  note: string | null;
}

/** The retention configured now, and the cut-offs purges already applied (later ones win). */
export interface RetentionState {
  policy: RetentionPolicy;
  purged: PurgedBefore;
}

const MINUTE_MS = 60_000;

/**
 * Rollup answers read raw rows for the ragged ends of a range, the parts no whole cell of their finest level
 * covers (analytics/period-plan.ts): under a minute for metrics, throughput and top errors, under 15 minutes
 * for response time histograms, under an hour for route rollups and hourly cells (endpoints, compare periods,
 * anomalies, route-filtered response times).
 * Before the raw cut-off those rows are gone, so a partial first or last cell there (of `cellMs`, the finest
 * whole cell the read uses; a minute unless the caller says coarser) is flagged: the read cannot recover it,
 * and a last cell before the cut-off counts nothing at all (analytics/quiet-end.ts).
 */
export function dataCoverage(
  range: TimeRange,
  source: AnswerSource,
  retention: RetentionState,
  now: Date,
  cellMs = MINUTE_MS,
): DataCoverage {
  const cutoffs = retainedFrom(retention.policy, retention.purged, now);
  const from = range.from.getTime();
  const to = range.to.getTime();
  const cut = cutoffs.requestsBefore.getTime();
  const availableFrom = source === 'raw' ? cutoffs.requestsBefore : cutoffs.rollupsBefore;
  const raggedStartPurged = source === 'rollups' && from % cellMs !== 0 && from < cut;
  // The last partial cell starts at to − (to mod cellMs); its raw rows are gone when that start is before the cut.
  const raggedEndPurged = source === 'rollups' && to % cellMs !== 0 && to - (to % cellMs) < cut && to > from;
  if (from >= availableFrom.getTime() && !raggedStartPurged && !raggedEndPurged)
    return { complete: true, source, availableFrom, note: null };
  const gone = deletedBefore(retention.policy, now, cutoffs);
  const note =
    source === 'raw'
      ? `${gone.raw}: nothing before ${availableFrom.toISOString()} is counted or listed, so this answer covers ${availableFrom.toISOString()} to ${range.to.toISOString()} only.`
      : from < availableFrom.getTime()
        ? `${gone.rollups}: nothing before ${availableFrom.toISOString()} is counted.`
        : `${gone.raw}: ${partsNotCounted(from, to, cellMs, raggedStartPurged, raggedEndPurged)} not counted; start and end the range on whole ${cellName(cellMs)}s for a complete answer.`;
  return { complete: false, source, availableFrom, note };
}

/**
 * Why each kind of row is gone before its cut-off: today's retention, or an earlier purge that applied a
 * shorter one (the retention was raised since, which brings no deleted row back).
 */
function deletedBefore(policy: RetentionPolicy, now: Date, cutoffs: RetentionCutoffs) {
  const configured = retentionCutoffs(policy, now);
  const byPurge = (kind: string, cut: Date, variable: string, days: number) =>
    `${kind} before ${cut.toISOString()} were deleted by an earlier purge under a shorter ${variable} than today's ${days} days`;
  return {
    raw:
      cutoffs.requestsBefore > configured.requestsBefore
        ? byPurge('Raw requests', cutoffs.requestsBefore, 'RETENTION_DAYS', policy.rawDays)
        : `Raw requests older than ${policy.rawDays} days (RETENTION_DAYS) are deleted`,
    rollups:
      cutoffs.rollupsBefore > configured.rollupsBefore
        ? byPurge('Rollups', cutoffs.rollupsBefore, 'ROLLUP_RETENTION_DAYS', policy.rollupDays)
        : `Rollups older than ${policy.rollupDays} days (ROLLUP_RETENTION_DAYS) are deleted`,
  };
}

const cellName = (cellMs: number) => (cellMs === MINUTE_MS ? 'minute' : `${cellMs / MINUTE_MS}-minute cell`);

/** "the partial first minute of this range (before …) is", "… and the partial last … (from …) are". */
function partsNotCounted(from: number, to: number, cellMs: number, start: boolean, end: boolean): string {
  const first = `the partial first ${cellName(cellMs)} of this range (before ${new Date(Math.ceil(from / cellMs) * cellMs).toISOString()})`;
  const last = `the partial last ${cellName(cellMs)} (from ${new Date(to - (to % cellMs)).toISOString()})`;
  if (start && end) return `${first} and ${last} are`;
  return `${start ? first : last} is`;
}

/**
 * The part of `range` raw rows may still exist for, or null when retention deleted all of it. A list and
 * its total read this part only: rollups still count requests whose rows are gone, and a total that counted
 * them would promise rows no page can show.
 */
export function rawReadableRange(range: TimeRange, retention: RetentionState, now: Date): TimeRange | null {
  const { requestsBefore } = retainedFrom(retention.policy, retention.purged, now);
  if (range.to.getTime() <= requestsBefore.getTime()) return null;
  return range.from.getTime() >= requestsBefore.getTime() ? range : { from: requestsBefore, to: range.to };
}
