import { UserInputError } from '../../errors.ts';
import type { TimeRange } from '../time/time-range.ts';

/**
 * Free text is matched with ILIKE '%…%' over url, host and user agent: no index helps, so its cost is
 * rows in range × pattern length. These limits bound what one read-only call can cost (issue #20 H2).
 */
export const MAX_FREE_TEXT_LENGTH = 200;
/** A week of raw requests: the console's longest quick range, and a scan PGlite finishes in slices. */
export const MAX_FREE_TEXT_RANGE_MS = 7 * 24 * 3_600_000;
/** The most time one free-text search may take, as a PostgreSQL statement timeout or a PGlite deadline. */
export const FREE_TEXT_BUDGET_MS = 5_000;

export function assertFreeTextLength(text: string, argument: string): void {
  if (text.length > MAX_FREE_TEXT_LENGTH) {
    throw new UserInputError(
      `${argument}: free text is at most ${MAX_FREE_TEXT_LENGTH} characters (got ${text.length})`,
      argument,
    );
  }
}

export function assertFreeTextRange(range: TimeRange, argument: string): void {
  if (range.to.getTime() - range.from.getTime() > MAX_FREE_TEXT_RANGE_MS) {
    throw new UserInputError(
      `${argument}: a free-text search covers at most 7 days; narrow range (since, or from/to) or drop the free text`,
      argument,
    );
  }
}

export class FreeTextBudgetExceeded extends UserInputError {
  constructor(argument: string, budgetMs = FREE_TEXT_BUDGET_MS) {
    super(
      `${argument}: the free-text search took longer than ${budgetMs / 1000} s and was stopped; narrow the range or add filters`,
      argument,
    );
  }
}
