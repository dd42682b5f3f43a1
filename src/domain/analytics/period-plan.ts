/** A piece of a time range read from one rollup level (`period` seconds) or from raw rows (period 0). */
export interface Segment {
  period: number;
  from: Date;
  to: Date;
}

const ceilTo = (ms: number, size: number) => Math.ceil(ms / size) * size;
const floorTo = (ms: number, size: number) => Math.floor(ms / size) * size;

/**
 * Splits [from, to) into the coarsest aligned rollup pieces, with finer levels at the ragged ends and raw
 * rows only for what no level covers. Reads grow with the length of the range, not with the data stored.
 * `periods` must each divide the next larger one (60 | 900 | 3600 | 21600 | 86400).
 *
 * `quietUntil` (at or after `to`) says no request in scope is stored in [to, quietUntil): a rollup cell that
 * holds `to` and ends by then counts exactly the requests of [its start, to), so the last piece of a level
 * may run on to that cell's end instead of leaving [floor(to), to) to finer levels and raw rows. Every cell
 * read still starts before `to`, so it falls in an interval of the range.
 */
export function planSegments(from: Date, to: Date, periods: readonly number[], quietUntil: Date = to): Segment[] {
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
  return plan(from.getTime(), to.getTime(), 0);
}
