import type { SqlClient } from '../../db/sql-client.ts';
import type { TimeRange } from '../time/time-range.ts';
import { FREE_TEXT_BUDGET_MS, FreeTextBudgetExceeded } from './free-text-limits.ts';

/** One slice's answer: up to `want` rows newest first, and its match count when counting. */
export interface SliceAnswer<Row> {
  rows: Row[];
  count: number | null;
}

const QUERY_CANCELED = '57014';
/** The first slice; later ones widen or narrow so each statement holds the thread about SLICE_TARGET_MS. */
export const PGLITE_FIRST_SLICE_MS = 15 * 60_000;
const SLICE_TARGET_MS = 25;
const MIN_SLICE_MS = 60_000;
const MAX_SLICE_MS = 24 * 3_600_000;

/** The next slice's width from how long the last one took: dense traffic gets narrow slices, sparse wide ones. */
function nextWidth(width: number, tookMs: number): number {
  const scaled = width * Math.min(4, SLICE_TARGET_MS / Math.max(tookMs, 1));
  return Math.min(MAX_SLICE_MS, Math.max(MIN_SLICE_MS, Math.round(scaled)));
}

/**
 * PostgreSQL runs the search in its own process: a statement timeout (local to this transaction) stops it,
 * and the cancel reads as a user error naming what to narrow.
 */
export async function withStatementTimeout<T>(
  sql: SqlClient,
  argument: string,
  work: (tx: SqlClient) => Promise<T>,
  budgetMs = FREE_TEXT_BUDGET_MS,
): Promise<T> {
  try {
    return await sql.transaction(async (tx) => {
      await tx.exec(`SET LOCAL statement_timeout = ${Math.trunc(budgetMs)}`);
      return work(tx);
    });
  } catch (error) {
    if ((error as { code?: unknown }).code === QUERY_CANCELED) throw new FreeTextBudgetExceeded(argument, budgetMs);
    throw error;
  }
}

const yieldToEventLoop = () => new Promise<void>((resolve) => setImmediate(resolve));

/**
 * One slice at a time across all searches, each after an event-loop turn: otherwise eight searches'
 * queued statements run back to back inside PGlite and /healthz waits for all of them.
 */
let gate: Promise<void> = Promise.resolve();
function inTurn<T>(work: () => Promise<T>): Promise<T> {
  const run = gate.then(yieldToEventLoop).then(work);
  gate = run.then(
    () => undefined,
    () => undefined,
  );
  return run;
}

/**
 * PGlite runs inside this thread, so one long statement freezes every request (/healthz included) and
 * cannot be cancelled. The range is scanned newest first in slices sized to about SLICE_TARGET_MS each
 * instead, giving the event loop a turn between them, and stopped at a deadline.
 */
export async function scanInSlices<Row>(
  range: TimeRange,
  want: number,
  counting: boolean,
  argument: string,
  slice: (part: TimeRange, want: number) => Promise<SliceAnswer<Row>>,
  budgetMs = FREE_TEXT_BUDGET_MS,
): Promise<SliceAnswer<Row>> {
  const deadline = Date.now() + budgetMs;
  const rows: Row[] = [];
  let count = 0;
  let width = PGLITE_FIRST_SLICE_MS;
  for (let to = range.to.getTime(); to > range.from.getTime(); ) {
    const from = Math.max(range.from.getTime(), to - width);
    const needed = want - rows.length;
    if (needed <= 0 && !counting) break;
    let tookMs = 0;
    const answer = await inTurn(async () => {
      const started = Date.now();
      const result = await slice({ from: new Date(from), to: new Date(to) }, Math.max(needed, 0));
      tookMs = Date.now() - started;
      return result;
    });
    width = nextWidth(width, tookMs);
    rows.push(...answer.rows);
    count += answer.count ?? 0;
    to = from;
    if (Date.now() > deadline && to > range.from.getTime()) throw new FreeTextBudgetExceeded(argument, budgetMs);
  }
  return { rows, count: counting ? count : null };
}
