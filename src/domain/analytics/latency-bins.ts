/**
 * Log-spaced response-time bins: bin k holds durations in (γ^(k-1), γ^k] ms. Reporting 2γ^k/(γ+1) for a
 * bin is off by at most (γ-1)/(γ+1) = 1.96% relative to any value in it, which is the percentile bound.
 */
export const BIN_RATIO = 1.04;
export const MAX_RELATIVE_ERROR = (BIN_RATIO - 1) / (BIN_RATIO + 1);
const MIN_DURATION_MS = 0.001;

/** The same expression in SQL and in JS, so rollups and raw edges bin identically. */
export const binSql = (durationColumn: string) => `ceil(ln(greatest(${durationColumn}, ${MIN_DURATION_MS})) / ln(${BIN_RATIO}))::smallint`;

export function binOf(durationMs: number): number {
  return Math.ceil(Math.log(Math.max(durationMs, MIN_DURATION_MS)) / Math.log(BIN_RATIO));
}

export function binValue(bin: number): number {
  return (2 * BIN_RATIO ** bin) / (BIN_RATIO + 1);
}

/** Nearest-rank percentile from (bin, count) pairs, clamped to the exact min and max seen. */
export function percentileFromBins(bins: ReadonlyMap<number, number>, total: number, p: number, min: number, max: number): number | null {
  if (total === 0) return null;
  const rank = Math.max(1, Math.ceil(p * total));
  let seen = 0;
  for (const bin of [...bins.keys()].sort((a, b) => a - b)) {
    seen += bins.get(bin)!;
    if (seen >= rank) return Math.min(max, Math.max(min, binValue(bin)));
  }
  return max;
}
