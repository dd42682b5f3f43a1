/**
 * The one way the console writes numbers (tiles, tables, axes, summaries): en-US digit grouping, whole
 * numbers from 10 up, one decimal from 1 to 10, two below 1, no trailing zeros. "12,065", "420 ms",
 * "3.5 ms", "0.42%".
 */

const formatters = new Map<number, Intl.NumberFormat>();
const withDecimals = (decimals: number) => {
  let formatter = formatters.get(decimals);
  if (!formatter)
    formatters.set(decimals, (formatter = new Intl.NumberFormat('en-US', { maximumFractionDigits: decimals })));
  return formatter;
};

/** A measured value: as many decimals as its size deserves (see above). */
export function formatNumber(value: number): string {
  const size = Math.abs(value);
  return withDecimals(size >= 10 ? 0 : size >= 1 ? 1 : 2).format(value);
}

/** A count: always whole, grouped. GraphQL BigInt counts past 2^53 arrive as strings and stay exact. */
export const formatCount = (value: number | string): string =>
  withDecimals(0).format(typeof value === 'string' ? BigInt(value) : value);

/** Milliseconds; a dash when there is no value (no requests). */
export const formatMs = (value: number | null | undefined): string =>
  value === null || value === undefined ? '—' : `${formatNumber(value)} ms`;

/** A rate between 0 and 1 as a percentage. */
export const formatPercent = (rate: number): string => `${formatNumber(rate * 100)}%`;

/**
 * An axis label: enough decimals to tell neighbouring ticks apart (0.25 steps show two), otherwise the
 * same grouping as everywhere else.
 */
export function formatTick(value: number, step: number): string {
  const stepText = String(Number(step.toPrecision(12)));
  const decimals = stepText.includes('.') ? Math.min(6, stepText.split('.')[1]!.length) : 0;
  return withDecimals(decimals).format(value);
}
