/** Rollup periods in seconds: minutes for counts, and 15 minutes and up for histograms too. */
export const ROLLUP_PERIODS = [60, 900, 3600, 21600, 86400] as const;
export const HISTOGRAM_PERIODS = [900, 3600, 21600, 86400] as const;
// Minutes too, so an unaligned range reads at most a minute of raw rows at each end, however dense the traffic.
export const ERROR_PERIODS = [60, 3600, 86400] as const;

/**
 * Rollup rows under this bucket id sum every bucket of the environment, so the common "all buckets"
 * question reads one row per period instead of one per bucket.
 */
export const ALL_BUCKETS = '*';
