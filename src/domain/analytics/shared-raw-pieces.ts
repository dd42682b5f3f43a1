import { ROUTE_PERIODS } from '../ingest/rollup-periods.ts';
import type { TimeRange } from '../time/time-range.ts';
import type { Segment } from './period-plan.ts';

/**
 * One endpoint's requests of a raw piece in one latency bin, with their totals; or, with `counts`, a route quarter
 * cell standing for its raw rows: `counts[i]` requests in bin `bin + i`, `n` their total (readQuarterPiece).
 */
export type RawBinRow = {
  method: string;
  route: string;
  bin: number;
  n: number;
  s4: number;
  s5: number;
  dsum: number;
  counts?: readonly (number | null)[] | null;
};

/** Where one range's read gets the raw pieces it adds, and what it tells the other reads of the same answer. */
export interface RawPieceSource {
  /** True when another read of the answer reads [start of the hour holding `from`, from) anyway, as its end. */
  readsBefore(from: Date): boolean;
  /** The rows of a subtracted piece, read in the statement of the cell they are taken from, as added counts. */
  offer(segment: Segment, rows: Promise<RawBinRow[]>): void;
  /** The read sent its first statements: every piece it subtracts is offered by now. */
  sent(): void;
  /** The rows of an added piece: offered by another read, else read by `readOwn`. */
  added(segment: Segment, readOwn: () => Promise<RawBinRow[]>): Promise<RawBinRow[]>;
}

/** A range read on its own: every piece is read by its own statement. */
export const OWN_PIECES: RawPieceSource = {
  readsBefore: () => false,
  offer: () => undefined,
  sent: () => undefined,
  added: (_segment, readOwn) => readOwn(),
};

const boundsOf = (segment: Segment) => `${segment.from.getTime()} ${segment.to.getTime()}`;
const HOUR = ROUTE_PERIODS[0] * 1000;

/**
 * Two ranges of one answer where the first (`offering`) may start where the second (`taking`) ends, so the raw
 * piece is read once: a range whose start is read as its first hour minus [hour start, from) reads the very rows
 * that end the range before it, [hour start, from), when requests after that one stop it running past its end.
 *
 * Only a subtracted piece is offered and only an added piece taken: subtracted rows must come from the statement
 * that reads the cell they are taken from (one snapshot, see readEndpointHistograms), while an added piece may come
 * from any statement, as the raw pieces of one range always have. The taking read waits for the offering one to
 * send its first statements (both wait for their probe of what is stored after their end first), so which piece is
 * shared does not depend on which probe returns first; a piece not offered is read by its own statement.
 * One instance per answer: rows read for one request are never reused by another.
 *
 * `taken` is the taking read's range. When it ends where the offering range starts and covers the whole hour before
 * the start's hour, its last raw piece is [hour start, from): the offering read then subtracts that piece from its first
 * hour however long it is (beforeStartReadAnyway), as those rows cost nothing more, where alone it would read the
 * start raw whenever that is the shorter part.
 */
export class SharedRawPieces {
  private readonly offered = new Map<string, Promise<RawBinRow[]>>();
  private open!: () => void;
  private readonly opened = new Promise<void>((resolve) => {
    this.open = resolve;
  });

  constructor(private readonly taken: TimeRange) {}

  readonly offering: RawPieceSource = {
    // The taken range ends with the raw piece [hour start, from) when a whole hour cell precedes that piece, or
    // when it is that piece; a range starting inside the hour before is read as one raw piece from its own start,
    // which shares no bounds with the offered one.
    readsBefore: (from) => {
      const hourStart = Math.floor(from.getTime() / HOUR) * HOUR;
      const takenFrom = this.taken.from.getTime();
      return this.taken.to.getTime() === from.getTime() && (takenFrom <= hourStart - HOUR || takenFrom === hourStart);
    },
    offer: (segment, rows) => {
      // Handled here as well as where it is taken: a piece offered and never taken must not fail the process.
      rows.catch(() => undefined);
      this.offered.set(boundsOf(segment), rows);
    },
    sent: () => this.open(),
    added: (_segment, readOwn) => readOwn(),
  };

  readonly taking: RawPieceSource = {
    readsBefore: () => false,
    offer: () => undefined,
    sent: () => undefined,
    added: async (segment, readOwn) => {
      await this.opened;
      return this.offered.get(boundsOf(segment)) ?? readOwn();
    },
  };
}
