/** Rollup periods in seconds: minutes for counts, and 15 minutes and up for histograms too. */
export const ROLLUP_PERIODS = [60, 900, 3600, 21600, 86400] as const;
export const HISTOGRAM_PERIODS = [900, 3600, 21600, 86400] as const;
// Minutes too, so an unaligned range reads at most a minute of raw rows at each end, however dense the traffic.
export const ERROR_PERIODS = [60, 3600, 86400] as const;

/**
 * Route rollups: hours and days, so a day's endpoints read 24 rows per route and raw rows for under an hour at
 * each end. Per bucket only, with no ALL_BUCKETS rows: an "all buckets" read sums the bucket rows (one per
 * route in each bucket that saw it), which halved the route rows each batch upserts, the cost of route rollups
 * at ingest (BENCHMARKS run 34).
 */
export const ROUTE_PERIODS = [3600, 86400] as const;

/**
 * Route rollup cells of a quarter hour, which ingest never writes: built after the fact from raw rows
 * (compactRouteQuarters) and trusted by reads only where their counts add up to the quarter's RequestRollup
 * row, so the ragged ends of an endpoints range read minutes of raw rows, not up to an hour, at no ingest cost
 * (an ingest-time quarter level cost 7-9 points of the ingest rate, BENCHMARKS run 51).
 */
export const ROUTE_QUARTER_PERIOD = 900;
/**
 * The most routes one (environment, bucket, period, start) cell keeps. Routes are normalised (ids become
 * :id), so real APIs stay far below; a client sending unnormalisable paths cannot grow the table past
 * this per hour. Past it, a route new to the cell is not kept there and endpoints counts its requests as
 * untracked (totals elsewhere stay exact). A batch may overshoot by the routes new in it.
 */
export const ROUTES_PER_CELL = 500;

/**
 * RequestRollup, LatencyHistogram and ErrorRollup rows under this bucket id sum every bucket of the
 * environment, so the common "all buckets" question reads one row per period instead of one per bucket.
 * RouteRollup has none (see ROUTE_PERIODS).
 */
export const ALL_BUCKETS = '*';
