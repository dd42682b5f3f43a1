import { binOf } from '../analytics/latency-bins.ts';
import type { RequestRecord } from './request-record.ts';
import { ALL_BUCKETS, ERROR_PERIODS, HISTOGRAM_PERIODS, ROLLUP_PERIODS, ROUTE_PERIODS } from './rollup-periods.ts';

/** The counters of a RequestRollup row. */
interface RollupCounts {
  count: number;
  /** Requests per status class, 1xx to 5xx. */
  byStatusClass: [number, number, number, number, number];
  blocked: number;
  durationSum: number;
  durationMin: number;
  durationMax: number;
}

/** What a batch adds to one (environment, bucket or ALL_BUCKETS, period, start) cell of RequestRollup. */
export interface RollupDelta extends RollupCounts {
  environmentId: string;
  bucketId: string;
  period: number;
  periodStart: Date;
}

/** Bin counts a batch adds to one LatencyHistogram cell; `firstBin` is the array's lower bound. */
export interface HistogramDelta {
  environmentId: string;
  bucketId: string;
  period: number;
  periodStart: Date;
  firstBin: number;
  counts: number[];
}

/** A (method, route) within one (environment, bucket, period, start) cell. */
interface RouteCellKey {
  environmentId: string;
  bucketId: string;
  period: number;
  periodStart: Date;
  method: string;
  route: string;
}

export interface ErrorDelta extends RouteCellKey {
  status: number;
  count: number;
}

/** What a batch adds to one RouteRollup row: a (method, route) in one cell, with its histogram cell. */
export interface RouteDelta extends RouteCellKey {
  count: number;
  status4xx: number;
  status5xx: number;
  durationSum: number;
  durationMin: number;
  durationMax: number;
  firstBin: number;
  counts: number[];
}

export interface RollupDeltas {
  rollups: RollupDelta[];
  histograms: HistogramDelta[];
  errors: ErrorDelta[];
  routes: RouteDelta[];
}

/** One endpoint's requests in a cell; `bins` are latency bin counts. */
export interface RouteCounts<Bins = Map<number, number>> {
  method: string;
  route: string;
  count: number;
  status4xx: number;
  status5xx: number;
  durationSum: number;
  bins: Bins;
}

/** Start of the period holding `ms`, as PostgreSQL's to_timestamp(floor(epoch / p) * p) computes it. */
function periodStartMs(ms: number, period: number): number {
  return Math.floor(ms / 1000 / period) * period * 1000;
}

// Lock order: concurrent batches that update the same cells must take them in one order or they deadlock.
const byCell = (a: { environmentId: string; period: number; periodStart: Date; bucketId: string }, b: typeof a) =>
  a.environmentId < b.environmentId
    ? -1
    : a.environmentId > b.environmentId
      ? 1
      : a.period - b.period ||
        a.periodStart.getTime() - b.periodStart.getTime() ||
        (a.bucketId < b.bucketId ? -1 : a.bucketId > b.bucketId ? 1 : 0);

const byRouteCell = (a: RouteDelta, b: RouteDelta) =>
  byCell(a, b) ||
  (a.method < b.method ? -1 : a.method > b.method ? 1 : 0) ||
  (a.route < b.route ? -1 : a.route > b.route ? 1 : 0);

const byErrorCell = (a: ErrorDelta, b: ErrorDelta) =>
  byCell(a, b) ||
  (a.method < b.method ? -1 : a.method > b.method ? 1 : 0) ||
  (a.route < b.route ? -1 : a.route > b.route ? 1 : 0) ||
  a.status - b.status;

/** Everything a batch adds to one (environment, bucket, period, start) cell of the three rollup tables. */
interface Cell extends RollupCounts {
  environmentId: string;
  bucketId: string;
  startMs: number;
  bins: Map<number, number>;
  /** Errors keyed by method, route and status. */
  errors: Map<string, { method: string; route: string; status: number; count: number }>;
}

function emptyCell(environmentId: string, bucketId: string, startMs: number): Cell {
  return {
    environmentId,
    bucketId,
    startMs,
    count: 0,
    byStatusClass: [0, 0, 0, 0, 0],
    blocked: 0,
    durationSum: 0,
    durationMin: Number.POSITIVE_INFINITY,
    durationMax: Number.NEGATIVE_INFINITY,
    bins: new Map(),
    errors: new Map(),
  };
}

function cellIn(cells: Map<string, Cell>, environmentId: string, bucketId: string, startMs: number): Cell {
  const key = `${environmentId}\u0000${bucketId}\u0000${startMs}`;
  let cell = cells.get(key);
  if (!cell) cells.set(key, (cell = emptyCell(environmentId, bucketId, startMs)));
  return cell;
}

function addRecord(cell: Cell, record: RequestRecord, bin: number): void {
  cell.count++;
  cell.byStatusClass[Math.min(Math.max(Math.floor(record.status / 100), 1), 5) - 1]!++;
  if (record.blocked) cell.blocked++;
  cell.durationSum += record.durationMs;
  if (record.durationMs < cell.durationMin) cell.durationMin = record.durationMs;
  if (record.durationMs > cell.durationMax) cell.durationMax = record.durationMs;
  cell.bins.set(bin, (cell.bins.get(bin) ?? 0) + 1);
  if (record.status >= 400) {
    const errorKey = `${record.method}\u0000${record.route}\u0000${record.status}`;
    const error = cell.errors.get(errorKey);
    if (error) error.count++;
    else cell.errors.set(errorKey, { method: record.method, route: record.route, status: record.status, count: 1 });
  }
}

function addCell(into: Cell, from: Cell): void {
  into.count += from.count;
  for (let k = 0; k < 5; k++) into.byStatusClass[k]! += from.byStatusClass[k]!;
  into.blocked += from.blocked;
  into.durationSum += from.durationSum;
  into.durationMin = Math.min(into.durationMin, from.durationMin);
  into.durationMax = Math.max(into.durationMax, from.durationMax);
  for (const [bin, n] of from.bins) into.bins.set(bin, (into.bins.get(bin) ?? 0) + n);
  for (const [key, error] of from.errors) {
    const existing = into.errors.get(key);
    if (existing) existing.count += error.count;
    else into.errors.set(key, { ...error });
  }
}

/** One endpoint's requests in one (environment, bucket, period start) cell, while a batch is folded. */
interface RouteRow extends RouteCounts {
  environmentId: string;
  bucketId: string;
  startMs: number;
  durationMin: number;
  durationMax: number;
}

/**
 * Route rows by environment, bucket, period start, method and route. Nested maps, not one map keyed by the
 * five joined: building and hashing that key for every record took half of the folding's time.
 */
type RouteRows = Map<string, Map<string, Map<number, Map<string, Map<string, RouteRow>>>>>;

function nested<K, V>(map: Map<K, V>, key: K, empty: () => V): V {
  let value = map.get(key);
  if (value === undefined) map.set(key, (value = empty()));
  return value;
}

function routeRowIn(
  rows: RouteRows,
  environmentId: string,
  bucketId: string,
  startMs: number,
  method: string,
  route: string,
): RouteRow {
  const byRoute = nested(
    nested(
      nested(
        nested(rows, environmentId, () => new Map()),
        bucketId,
        () => new Map(),
      ),
      startMs,
      () => new Map(),
    ),
    method,
    () => new Map<string, RouteRow>(),
  );
  return nested(byRoute, route, () => ({
    environmentId,
    bucketId,
    startMs,
    method,
    route,
    count: 0,
    status4xx: 0,
    status5xx: 0,
    durationSum: 0,
    durationMin: Number.POSITIVE_INFINITY,
    durationMax: Number.NEGATIVE_INFINITY,
    bins: new Map<number, number>(),
  }));
}

function* routeRowsOf(rows: RouteRows): Generator<RouteRow> {
  for (const byBucket of rows.values())
    for (const byStart of byBucket.values())
      for (const byMethod of byStart.values()) for (const byRoute of byMethod.values()) yield* byRoute.values();
}

// Routes fold straight into their finest route period, per bucket only: unlike the cells above they skip
// the minute to 15-minute levels, and have no ALL_BUCKETS rows (see ROUTE_PERIODS).
function addRouteRecord(rows: RouteRows, record: RequestRecord, bin: number): void {
  const startMs = periodStartMs(record.timestamp.getTime(), ROUTE_PERIODS[0]);
  const row = routeRowIn(rows, record.environmentId, record.bucketId, startMs, record.method, record.route);
  row.count++;
  if (record.status >= 500) row.status5xx++;
  else if (record.status >= 400) row.status4xx++;
  row.durationSum += record.durationMs;
  if (record.durationMs < row.durationMin) row.durationMin = record.durationMs;
  if (record.durationMs > row.durationMax) row.durationMax = record.durationMs;
  row.bins.set(bin, (row.bins.get(bin) ?? 0) + 1);
}

function addRouteRow(rows: RouteRows, from: RouteRow, bucketId: string, startMs: number): void {
  const into = routeRowIn(rows, from.environmentId, bucketId, startMs, from.method, from.route);
  into.count += from.count;
  into.status4xx += from.status4xx;
  into.status5xx += from.status5xx;
  into.durationSum += from.durationSum;
  if (from.durationMin < into.durationMin) into.durationMin = from.durationMin;
  if (from.durationMax > into.durationMax) into.durationMax = from.durationMax;
  for (const [bin, n] of from.bins) into.bins.set(bin, (into.bins.get(bin) ?? 0) + n);
}

/** The RouteRollup rows of every route period, from the bucket rows of the finest one. */
function routeDeltas(bucketRows: RouteRows): RouteDelta[] {
  const deltas: RouteDelta[] = [];
  let rows = [...routeRowsOf(bucketRows)];
  ROUTE_PERIODS.forEach((period, level) => {
    if (level > 0) {
      const coarser: RouteRows = new Map();
      for (const row of rows) addRouteRow(coarser, row, row.bucketId, periodStartMs(row.startMs, period));
      rows = [...routeRowsOf(coarser)];
    }
    // Written out, not by rest and spread: those cost a few µs a row here.
    for (const row of rows) {
      const { firstBin, counts } = denseBins(row.bins);
      deltas.push({
        environmentId: row.environmentId,
        bucketId: row.bucketId,
        period,
        periodStart: new Date(row.startMs),
        method: row.method,
        route: row.route,
        count: row.count,
        status4xx: row.status4xx,
        status5xx: row.status5xx,
        durationSum: row.durationSum,
        durationMin: row.durationMin,
        durationMax: row.durationMax,
        firstBin,
        counts,
      });
    }
  });
  return deltas.sort(byRouteCell);
}

/** Bin counts as a stored cell: the first bin present and a dense array from it. */
function denseBins(bins: Map<number, number>): { firstBin: number; counts: number[] } {
  let firstBin = Number.POSITIVE_INFINITY;
  let lastBin = Number.NEGATIVE_INFINITY;
  for (const bin of bins.keys()) {
    if (bin < firstBin) firstBin = bin;
    if (bin > lastBin) lastBin = bin;
  }
  const counts = new Array<number>(lastBin - firstBin + 1).fill(0);
  for (const [bin, n] of bins) counts[bin - firstBin] = n;
  return { firstBin, counts };
}

function histogramOf(cell: Cell, period: number): HistogramDelta {
  return {
    environmentId: cell.environmentId,
    bucketId: cell.bucketId,
    period,
    periodStart: new Date(cell.startMs),
    ...denseBins(cell.bins),
  };
}

/**
 * What the stored records add to the rollup tables, folded in this process so the database upserts each
 * touched cell once. Every record counts for its own bucket and, except in route rows, for ALL_BUCKETS.
 * Records fold into minutes, and each period into the next (every period divides the next), so the work per
 * record is one cell; route rows the same way from the first route period.
 * `routes: false` leaves route rollups out (the benchmark's "before route rollups" baseline only).
 */
export function rollupDeltas(records: readonly RequestRecord[], { routes = true } = {}): RollupDeltas {
  const deltas: RollupDeltas = { rollups: [], histograms: [], errors: [], routes: [] };
  let cells = new Map<string, Cell>();
  const routeRows: RouteRows = new Map();
  for (const record of records) {
    const startMs = periodStartMs(record.timestamp.getTime(), ROLLUP_PERIODS[0]);
    const bin = binOf(record.durationMs);
    addRecord(cellIn(cells, record.environmentId, record.bucketId, startMs), record, bin);
    addRecord(cellIn(cells, record.environmentId, ALL_BUCKETS, startMs), record, bin);
    if (routes) addRouteRecord(routeRows, record, bin);
  }
  const histogramPeriods = new Set<number>(HISTOGRAM_PERIODS);
  const errorPeriods = new Set<number>(ERROR_PERIODS);
  ROLLUP_PERIODS.forEach((period, level) => {
    if (level > 0) {
      const coarser = new Map<string, Cell>();
      for (const cell of cells.values())
        addCell(cellIn(coarser, cell.environmentId, cell.bucketId, periodStartMs(cell.startMs, period)), cell);
      cells = coarser;
    }
    for (const cell of cells.values()) {
      const { environmentId, bucketId, count, byStatusClass, blocked, durationSum, durationMin, durationMax } = cell;
      const periodStart = new Date(cell.startMs);
      deltas.rollups.push({
        environmentId,
        bucketId,
        period,
        periodStart,
        count,
        byStatusClass: [...byStatusClass],
        blocked,
        durationSum,
        durationMin,
        durationMax,
      });
      if (histogramPeriods.has(period)) deltas.histograms.push(histogramOf(cell, period));
      if (errorPeriods.has(period))
        for (const error of cell.errors.values())
          deltas.errors.push({ environmentId, bucketId, period, periodStart, ...error });
    }
  });
  if (routes) deltas.routes = routeDeltas(routeRows);
  deltas.rollups.sort(byCell);
  deltas.histograms.sort(byCell);
  deltas.errors.sort(byErrorCell);
  return deltas;
}
