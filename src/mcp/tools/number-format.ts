/** Numbers as the analysis tools say them: grouped thousands, no false precision. */

/** 1,976 ms; 42.5 ms; 3.2 ms. */
export const readableMs = (value: number | null | undefined) =>
  value === null || value === undefined
    ? '-'
    : `${value.toLocaleString('en-US', { maximumFractionDigits: value >= 100 ? 0 : 1 })} ms`;

/** 12.34% from a share. */
export const readablePercent = (share: number) => `${(share * 100).toFixed(share < 0.1 ? 2 : 1)}%`;

/** 4.7x; null when there is no ratio. */
export const readableRatio = (ratio: number | null | undefined) =>
  ratio === null || ratio === undefined ? null : `${ratio.toFixed(ratio >= 10 ? 0 : ratio >= 1.95 ? 1 : 2)}x`;

export const readableCount = (n: number) => Math.round(n).toLocaleString('en-US');
