/**
 * Log-spaced response-time bins: bin k holds durations in (γ^(k-1), γ^k] ms. Reporting 2γ^k/(γ+1) for a
 * bin is off by at most (γ-1)/(γ+1) = 1.96% relative to any value in it, which is the percentile bound.
 */
export const BIN_RATIO = 1.04;
export const MAX_RELATIVE_ERROR = (BIN_RATIO - 1) / (BIN_RATIO + 1);
const MIN_DURATION_MS = 0.001;

/** The same expression in SQL and in JS, so rollups and raw edges bin identically. */
export const binSql = (durationColumn: string) =>
  `ceil(ln(greatest(${durationColumn}, ${MIN_DURATION_MS})) / ln(${BIN_RATIO}))::smallint`;

export function binOf(durationMs: number): number {
  return Math.ceil(Math.log(Math.max(durationMs, MIN_DURATION_MS)) / Math.log(BIN_RATIO));
}

export function binValue(bin: number): number {
  return (2 * BIN_RATIO ** bin) / (BIN_RATIO + 1);
}
