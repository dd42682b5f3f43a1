/**
 * The tests behind "significant": two-sided z tests on proportions, which need only counts, so they run on
 * rollup histograms as well as on raw rows.
 */

/** |z| at or above this is significant: two-sided p < 0.001, strict because one answer tests many endpoints. */
export const CRITICAL_Z = 3.29;

/** Standard normal CDF (Abramowitz & Stegun 7.1.26 for erf, absolute error under 1.5e-7). */
export function normalCdf(z: number): number {
  const x = Math.abs(z) / Math.SQRT2;
  const t = 1 / (1 + 0.3275911 * x);
  const poly = t * (0.254829592 + t * (-0.284496736 + t * (1.421413741 + t * (-1.453152027 + t * 1.061405429))));
  const erf = 1 - poly * Math.exp(-x * x);
  return z >= 0 ? (1 + erf) / 2 : (1 - erf) / 2;
}

export const twoSidedP = (z: number) => 2 * (1 - normalCdf(Math.abs(z)));

/**
 * Pooled two-proportion z statistic for x1/n1 against x2/n2 (positive when the second share is larger);
 * 0 when both shares are 0 or 1 (no variance, nothing to tell apart).
 */
export function twoProportionZ(x1: number, n1: number, x2: number, n2: number): number {
  const pooled = (x1 + x2) / (n1 + n2);
  const variance = pooled * (1 - pooled) * (1 / n1 + 1 / n2);
  if (variance <= 0) return 0;
  return (x2 / n2 - x1 / n1) / Math.sqrt(variance);
}

/** Median of values (mean of the middle two for an even count); NaN when empty. */
export function median(values: readonly number[]): number {
  if (values.length === 0) return Number.NaN;
  const sorted = [...values].sort((a, b) => a - b);
  const middle = sorted.length >> 1;
  return sorted.length % 2 ? sorted[middle]! : (sorted[middle - 1]! + sorted[middle]!) / 2;
}

/** Median absolute deviation from the median. */
export function medianAbsoluteDeviation(values: readonly number[], center = median(values)): number {
  return median(values.map((v) => Math.abs(v - center)));
}

/** MAD × 1.4826 estimates the standard deviation of normal data, robust to the outliers being looked for. */
export const MAD_TO_SD = 1.4826;
