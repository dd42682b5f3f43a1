/** Rows an export writes when no limit is asked: a day of a small service, a few megabytes. */
export const DEFAULT_EXPORT_LIMIT = 10_000;
/** The most one export writes: 1,000 pages of the search, minutes of work for the server; narrow the range for more. */
export const MAX_EXPORT_LIMIT = 100_000;

/** A limit as a caller typed it, or null when it is not a whole number from 1 to MAX_EXPORT_LIMIT. */
export function parseExportLimit(text: string | undefined): number | null {
  if (text === undefined) return DEFAULT_EXPORT_LIMIT;
  if (!/^\d{1,9}$/.test(text)) return null;
  const limit = Number(text);
  return limit >= 1 && limit <= MAX_EXPORT_LIMIT ? limit : null;
}

export const EXPORT_LIMIT_RULE = `a whole number from 1 to ${MAX_EXPORT_LIMIT.toLocaleString('en-US')} (default ${DEFAULT_EXPORT_LIMIT.toLocaleString('en-US')})`;
