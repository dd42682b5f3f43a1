/** A piece of a time range read from one rollup level (`period` seconds) or from raw rows (period 0). */
export interface Segment {
  period: number;
  from: Date;
  to: Date;
  /** Raw rows taken away rather than added: they lie in a rollup cell the plan reads whole (subtractBeforeStart). */
  subtracted?: boolean;
}

export interface PlanOptions {
  /**
   * At or after `to`: no request in scope is stored in [to, quietUntil). A rollup cell that holds `to` and ends
   * by then counts exactly the requests of [its start, to), so the last piece of a level may run on to that
   * cell's end instead of leaving [floor(to), to) to finer levels and raw rows.
   */
  quietUntil?: Date;
  /**
   * The first raw piece [from, next cell start) may instead be read as the whole finest cell holding `from`
   * minus the raw rows of [cell start, from), whichever is the shorter time. Only for reads that add counts,
   * sums and histograms: min and max do not subtract.
   */
  subtractBeforeStart?: boolean;
  /**
   * With subtractBeforeStart: the raw rows of [cell start, from) are read anyway (another range of the same answer
   * ends there, see SharedRawPieces), so they do not count against the subtracted start when choosing the shorter.
   */
  beforeStartReadAnyway?: boolean;
  /**
   * Raw rows stamped before this may be deleted by retention (TrafficScope.rawRetainedFrom) while the cell
   * holding them is kept: subtracting [cell start, from) from a cell starting earlier would leave the deleted
   * ones counted, so subtractBeforeStart applies only to a cell starting at or after it. Default: no raw row is
   * known to be kept, so nothing is subtracted.
   */
  rawRetainedFrom?: Date;
  /**
   * The last raw piece [finest cell start, to) may instead be read as the whole finest cell holding `to` minus the
   * raw rows of [to, cell end), whichever is the shorter time, when those rows are retained (`to` at or after
   * rawRetainedFrom). Only for reads that add counts and histograms and read the cell and the subtracted rows in
   * one statement (one snapshot: a request committed between two would be taken away uncounted).
   */
  subtractAfterEnd?: boolean;
  /**
   * What an added raw piece [from, to) (ms) costs a read that takes part of it from finer cells (route quarters,
   * quarterRawMs), in milliseconds of raw rows, for choosing the shorter start; by default its length. A
   * subtracted piece is read raw whole, in the statement of the cell it is taken from.
   */
  addedRawMs?: (from: number, to: number) => number;
}

/** The latest instant a Date holds. */
const END_OF_TIME = new Date(8.64e15);

const ceilTo = (ms: number, size: number) => Math.ceil(ms / size) * size;
const floorTo = (ms: number, size: number) => Math.floor(ms / size) * size;
const lengthOf = (from: number, to: number) => to - from;
const rawTime = (segments: readonly Segment[], addedRawMs: (from: number, to: number) => number) =>
  segments.reduce((sum, s) => {
    if (s.period !== 0) return sum;
    return sum + (s.subtracted ? lengthOf : addedRawMs)(s.from.getTime(), s.to.getTime());
  }, 0);

/**
 * Splits [from, to) into the coarsest aligned rollup pieces, with finer levels at the ragged ends and raw
 * rows only for what no level covers. Reads grow with the length of the range, not with the data stored.
 * `periods` must each divide the next larger one (60 | 900 | 3600 | 21600 | 86400). Every rollup cell read
 * starts before `to`, so it falls in an interval of the range, whatever the options.
 */
export function planSegments(
  from: Date,
  to: Date,
  periods: readonly number[],
  {
    quietUntil = to,
    subtractBeforeStart = false,
    beforeStartReadAnyway = false,
    rawRetainedFrom = END_OF_TIME,
    addedRawMs = lengthOf,
    subtractAfterEnd = false,
  }: PlanOptions = {},
): Segment[] {
  const levels = [...periods].sort((a, b) => b - a);
  const quiet = quietUntil.getTime();
  const plan = (start: number, end: number, depth: number): Segment[] => {
    if (start >= end) return [];
    for (let i = depth; i < levels.length; i++) {
      const size = levels[i]! * 1000;
      const a = ceilTo(start, size);
      const b = ceilTo(end, size) <= quiet ? ceilTo(end, size) : floorTo(end, size);
      if (a < b) {
        return [
          ...plan(start, a, i + 1),
          { period: levels[i]!, from: new Date(a), to: new Date(b) },
          ...plan(b, end, i + 1),
        ];
      }
    }
    return [{ period: 0, from: new Date(start), to: new Date(end) }];
  };
  const finest = levels.at(-1);
  const endOf = (segments: Segment[]) =>
    subtractAfterEnd && finest !== undefined && to >= rawRetainedFrom
      ? cellMinusAfterEnd(segments, to, finest)
      : segments;
  const direct = endOf(plan(from.getTime(), to.getTime(), 0));
  if (!subtractBeforeStart || finest === undefined) return direct;
  const cellStart = floorTo(from.getTime(), finest * 1000);
  if (cellStart < rawRetainedFrom.getTime()) return direct;
  const whole: Segment[] = [
    { period: 0, from: new Date(cellStart), to: from, subtracted: true },
    ...endOf(plan(cellStart, to.getTime(), 0)),
  ];
  const readAnyway = beforeStartReadAnyway ? addedRawMs(cellStart, from.getTime()) : 0;
  return rawTime(whole, addedRawMs) - readAnyway < rawTime(direct, addedRawMs) ? whole : direct;
}

/**
 * `segments` with a last raw piece [cell start, to) read as the finest cell holding `to` minus [to, cell end)
 * when that is the shorter raw time; a last piece starting inside the cell (the whole range in it) stays.
 */
function cellMinusAfterEnd(segments: Segment[], to: Date, finest: number): Segment[] {
  const last = segments.at(-1);
  const size = finest * 1000;
  if (last?.period !== 0 || last.subtracted || last.to.getTime() !== to.getTime()) return segments;
  const cellStart = floorTo(to.getTime(), size);
  const cellEnd = ceilTo(to.getTime(), size);
  if (last.from.getTime() !== cellStart || cellEnd - to.getTime() >= to.getTime() - cellStart) return segments;
  return [
    ...segments.slice(0, -1),
    { period: finest, from: new Date(cellStart), to: new Date(cellEnd) },
    { period: 0, from: to, to: new Date(cellEnd), subtracted: true },
  ];
}
