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
 */
export function planSegments(from: Date, to: Date, periods: readonly number[]): Segment[] {
  const levels = [...periods].sort((a, b) => b - a);
  const plan = (start: number, end: number, depth: number): Segment[] => {
    if (start >= end) return [];
    for (let i = depth; i < levels.length; i++) {
      const size = levels[i]! * 1000;
      const a = ceilTo(start, size);
      const b = floorTo(end, size);
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
