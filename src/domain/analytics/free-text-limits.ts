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

/** `field`: the filter field holding the text (`query`, `userAgent`). */
export function assertFreeTextLength(text: string, field: string): void {
  if (text.length > MAX_FREE_TEXT_LENGTH) {
    throw new UserInputError(
      (name) => `${name(field)}: free text is at most ${MAX_FREE_TEXT_LENGTH} characters (got ${text.length})`,
      field,
    );
  }
}

/** `field`: the search's range (its own fields are `since`, `from`, `to`, each named where the range is). */
export function assertFreeTextRange(range: TimeRange, field: string): void {
  if (range.to.getTime() - range.from.getTime() > MAX_FREE_TEXT_RANGE_MS) {
    throw new UserInputError(
      (name) =>
        `${name(field)}: a free-text search covers at most 7 days; narrow ${name(field)} (${name(`${field}.since`)}, or ${name(`${field}.from`)}/${name(`${field}.to`)}) or drop the free text`,
      field,
    );
  }
}

export class FreeTextBudgetExceeded extends UserInputError {
  /** `field`: the free text that made the search slow, as the search's options name it (`filter.query`). */
  constructor(field: string, budgetMs = FREE_TEXT_BUDGET_MS) {
    super(
      (name) =>
        `${name(field)}: the free-text search took longer than ${budgetMs / 1000} s and was stopped; narrow the range or add filters`,
      field,
    );
  }
}
