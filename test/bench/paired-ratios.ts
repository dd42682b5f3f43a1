/**
 * The summary of a paired comparison: one ratio per pair of timed halves run back to back (B's rate over
 * A's), so that load from the rest of the machine, which drifts over seconds, falls on both halves of a pair
 * alike. The median of the pairs' ratios is robust to the odd pair a pause or a checkpoint lands in, and the
 * interval says whether the pairs resolve it: a distribution-free 95% confidence interval for the median
 * (the sign test's order statistics), which needs no assumption about the shape of the noise.
 */
export interface PairedRatios {
  pairs: number;
  median: number;
  /** The interquartile range of the pairs' ratios (linear interpolation between order statistics). */
  q1: number;
  q3: number;
  /** 95% confidence interval for the median; [min, max] and `resolvable: false` with fewer than 6 pairs. */
  low: number;
  high: number;
  resolvable: boolean;
}

/** The q-quantile of sorted values, interpolated between the two order statistics around it. */
function quantile(sorted: readonly number[], q: number): number {
  const at = (sorted.length - 1) * q;
  const below = Math.floor(at);
  const above = Math.min(below + 1, sorted.length - 1);
  return sorted[below]! + (sorted[above]! - sorted[below]!) * (at - below);
}

/**
 * The order statistic k (1-based) whose [x(k), x(n+1-k)] covers the median with at least 95% confidence:
 * the largest k with P(Binomial(n, 1/2) < k) ≤ 2.5%, or 0 when even k = 1 does not reach it (n < 6).
 */
function confidenceRank(n: number): number {
  let below = 0;
  // P(X = i) in logarithms: 0.5 ** n is 0 in a double past about 1,074 pairs, which left every term 0 and took
  // the interval to the extremes, inverted. A term too small for a double adds nothing that could reach 2.5%.
  let logTerm = n * Math.log(0.5); // P(X = 0)
  let k = 0;
  for (let i = 0; i < n; i++) {
    below += Math.exp(logTerm); // P(X ≤ i) = P(X < i + 1)
    if (below > 0.025) break;
    k = i + 1;
    logTerm += Math.log((n - i) / (i + 1));
  }
  return k;
}

export function pairedRatios(ratios: readonly number[]): PairedRatios {
  if (ratios.length === 0) throw new Error('no pairs to summarise');
  const sorted = [...ratios].sort((a, b) => a - b);
  const k = confidenceRank(sorted.length);
  return {
    pairs: sorted.length,
    median: quantile(sorted, 0.5),
    q1: quantile(sorted, 0.25),
    q3: quantile(sorted, 0.75),
    low: k > 0 ? sorted[k - 1]! : sorted[0]!,
    high: k > 0 ? sorted[sorted.length - k]! : sorted.at(-1)!,
    resolvable: k > 0,
  };
}

/** What the pairs show about "B at least as fast as A" (ratio ≥ 1): only an interval wholly on one side shows it. */
export function pairedVerdict(summary: PairedRatios): string {
  if (!summary.resolvable) return `not resolved: ${summary.pairs} pairs are too few for a 95% interval`;
  if (summary.low >= 1) return `shown at least as fast (95% interval ${interval(summary)} at or above 1)`;
  if (summary.high < 1) return `shown slower (95% interval ${interval(summary)} below 1)`;
  return `not resolved (95% interval ${interval(summary)} spans 1)`;
}

/**
 * What the pairs show about "B's rate within `1 - floor` of A's" (ratio ≥ floor), as pairedVerdict: the median's
 * 95% interval, not the pairs' quartiles, which describe single pairs and do not narrow with more of them.
 */
export function pairedFloorVerdict(summary: PairedRatios, floor: number): string {
  const line = floor.toFixed(2);
  if (!summary.resolvable) return `not resolved: ${summary.pairs} pairs are too few for a 95% interval`;
  if (summary.low >= floor) return `shown at or above ${line} (95% interval ${interval(summary)})`;
  if (summary.high < floor) return `shown below ${line} (95% interval ${interval(summary)})`;
  return `not resolved (95% interval ${interval(summary)} spans ${line})`;
}

const interval = (summary: PairedRatios) => `${summary.low.toFixed(3)}–${summary.high.toFixed(3)}`;
