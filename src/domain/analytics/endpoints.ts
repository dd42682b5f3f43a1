import type { SqlClient } from '../../db/sql-client.ts';
import { UserInputError } from '../../errors.ts';
import type { RouteCounts } from '../ingest/rollup-deltas.ts';
import { ROUTE_PERIODS, ROUTES_PER_CELL } from '../ingest/rollup-periods.ts';
import type { TimeRange } from '../time/time-range.ts';
import { BinCounts } from './bin-counts.ts';
import { binValue } from './latency-bins.ts';
import { trafficTotals } from './metrics.ts';
import { planSegments, type Segment } from './period-plan.ts';
import { readWithQuietEnd } from './quiet-end.ts';
import { routeCellFullAt } from './route-response-times.ts';
import { quarterRawMs, readQuarterPiece } from './quarter-pieces.ts';
import { rawPieceSql } from './raw-bins-sql.ts';
import { OWN_PIECES, type RawBinRow, type RawPieceSource, SharedRawPieces } from './shared-raw-pieces.ts';
import { routeRollupScopeConditions, SqlParams } from './sql-params.ts';
import type { TrafficScope } from './traffic-scope.ts';

/** One endpoint (method + stored route) over a range. Percentiles are within 2% of exact nearest-rank. */
export interface EndpointStats {
  method: string;
  route: string;
  count: number;
  status4xx: number;
  status5xx: number;
  errorRate: number;
  averageMs: number;
  p50Ms: number;
  p95Ms: number;
  p99Ms: number;
}

/** Stats per endpoint keyed by `${method} ${route}`, over exactly the range. */
export type EndpointStatsByKey = Map<string, EndpointStats>;

/** One endpoint's totals and latency histogram over a range, before percentiles are read from it. */
export type EndpointHistogram = RouteCounts<BinCounts>;
type Accumulator = EndpointHistogram;

/**
 * The finest whole cell per-endpoint reads use (route rollups): raw rows fill the partial hours at a range's
 * ends, so coverage flags those hours where retention deleted the rows (dataCoverage's `cellMs`).
 */
export const ENDPOINT_CELL_MS = ROUTE_PERIODS[0] * 1000;

export const endpointKey = (e: { method: string; route: string }) => `${e.method} ${e.route}`;

/**
 * Per-endpoint totals and histograms over exactly the range: whole hours and days from RouteRollup (one row
 * per route, bucket and period, histogram cells merged in this process), raw rows binned alike for the ragged ends:
 * none at an end with nothing stored after it (readWithQuietEnd) unless the cell read past the end is full, and
 * at the start at most half an hour of its own, the hour holding it minus its part before the start when that part
 * is the shorter or another range of the answer reads it anyway (subtractBeforeStart, `pieces`) and that hour's
 * route cell is not full. Reads grow with routes × range length, not with the requests stored. `pieces` lets two
 * ranges of one answer read a raw piece they share once (SharedRawPieces).
 */
export async function endpointHistograms(
  sql: SqlClient,
  scope: TrafficScope,
  range: TimeRange,
  pieces: RawPieceSource = OWN_PIECES,
): Promise<Map<string, EndpointHistogram>> {
  const read = (subtractBeforeStart: boolean) => {
    const plan = (quietUntil: Date) =>
      planSegments(range.from, range.to, ROUTE_PERIODS, {
        quietUntil,
        subtractBeforeStart,
        beforeStartReadAnyway: pieces.readsBefore(range.from),
        rawRetainedFrom: scope.rawRetainedFrom,
        addedRawMs: quarterRawMs(scope.rawRetainedFrom),
      });
    return readWithQuietEnd(sql, scope, range, plan, async (segments) => {
      const { histograms, fullPastEnd } = await readEndpointHistograms(sql, scope, segments, range.to, pieces);
      // A route first seen after a cell filled has no row in it: read that end from raw rows, as without a quiet end.
      return fullPastEnd
        ? (await readEndpointHistograms(sql, scope, plan(range.to), range.to, pieces)).histograms
        : histograms;
    });
  };
  try {
    const [histograms, full] = await Promise.all([read(true), routeCellFullAt(sql, scope, range.from)]);
    return full ? read(false) : histograms;
  } finally {
    // Sent already when a statement was; this releases a taking read when none was (a failed probe).
    pieces.sent();
  }
}

type Row = Omit<RawBinRow, 'bin'>;
/**
 * A RouteRollup row (`p` its period, `b` its bucket, `t` its start in ms), or a subtracted raw bin (`p` 0, `t` the
 * piece's start, `lo` the bin, totals negated).
 */
type CellRow = Row & { p: number; b: string | null; t: number | null; lo: number; counts: (number | null)[] | null };

/** The rows of subtracted piece `s` among a cell statement's rows, as the added counts they were read as. */
function subtractedPiece(rows: readonly CellRow[], s: Segment): RawBinRow[] {
  return rows
    .filter((row) => Number(row.p) === 0 && Number(row.t) === s.from.getTime())
    .map((row) => ({
      method: row.method,
      route: row.route,
      bin: Number(row.lo),
      n: -Number(row.n),
      s4: -Number(row.s4),
      s5: -Number(row.s5),
      dsum: -Number(row.dsum),
    }));
}

/** True when a cell read past `to` holds ROUTES_PER_CELL routes in some bucket (counted from its rows read). */
function fullPastEnd(rows: readonly CellRow[], segments: readonly Segment[], to: Date): boolean {
  const pastEnd = new Set(
    segments.filter((s) => s.period > 0 && s.to > to).map((s) => `${s.period} ${s.to.getTime() - s.period * 1000}`),
  );
  if (pastEnd.size === 0) return false;
  const routes = new Map<string, number>();
  for (const row of rows) {
    const cell = `${Number(row.p)} ${Number(row.t)}`;
    if (!pastEnd.has(cell)) continue;
    const key = `${cell} ${row.b}`;
    const n = (routes.get(key) ?? 0) + 1;
    if (n >= ROUTES_PER_CELL) return true;
    routes.set(key, n);
  }
  return false;
}

async function readEndpointHistograms(
  sql: SqlClient,
  scope: TrafficScope,
  segments: readonly Segment[],
  to: Date,
  pieces: RawPieceSource,
): Promise<{ histograms: Map<string, EndpointHistogram>; fullPastEnd: boolean }> {
  const cellParams = new SqlParams();
  const cellBranches = segments
    .filter((s) => s.period > 0)
    .map((s) => {
      const where = [
        ...routeRollupScopeConditions(cellParams, scope),
        `"period" = ${cellParams.add(s.period)}`,
        `"periodStart" >= ${cellParams.add(s.from)}`,
        `"periodStart" < ${cellParams.add(s.to)}`,
      ];
      return `SELECT "method" AS method, "route" AS route, "count" AS n, "status4xx" AS s4, "status5xx" AS s5, "durationSum" AS dsum,
        "period" AS p, "bucketId" AS b, (extract(epoch FROM "periodStart") * 1000)::float8 AS t, array_lower("counts", 1) AS lo,
        array_to_json("counts") AS counts FROM "RouteRollup" WHERE ${where.join(' AND ')}`;
    });
  // The rows subtracted from a cell are read in the statement that reads the cell, so both see the same
  // snapshot: read apart, a request of [cell start, from) committed between the two statements would be
  // taken away without ever having been counted, leaving a route below zero.
  for (const s of segments.filter((s) => s.subtracted)) cellBranches.push(rawPieceSql(cellParams, scope, s, true));
  const cellQuery: Promise<CellRow[]> = cellBranches.length
    ? sql.query<CellRow>(cellBranches.join('\nUNION ALL\n'), cellParams.values)
    : Promise.resolve([]);
  for (const s of segments.filter((s) => s.subtracted))
    pieces.offer(
      s,
      cellQuery.then((rows) => subtractedPiece(rows, s)),
    );
  pieces.sent();
  // An added raw piece reads route quarter cells for the quarters it spans (readQuarterPiece), raw rows only
  // at its ragged ends.
  const readPiece = (s: Segment) => readQuarterPiece(sql, scope, s);
  const [cellRows, rawRows] = await Promise.all([
    cellQuery,
    Promise.all(
      segments.filter((s) => s.period === 0 && !s.subtracted).map((s) => pieces.added(s, () => readPiece(s))),
    ).then((parts) => parts.flat()),
  ]);
  const byKey = new Map<string, Accumulator>();
  const accumulate = (row: Row) => {
    const key = endpointKey(row);
    let acc = byKey.get(key);
    if (!acc)
      byKey.set(
        key,
        (acc = {
          method: row.method,
          route: row.route,
          count: 0,
          status4xx: 0,
          status5xx: 0,
          durationSum: 0,
          bins: new BinCounts(),
        }),
      );
    acc.count += Number(row.n);
    acc.status4xx += Number(row.s4);
    acc.status5xx += Number(row.s5);
    acc.durationSum += Number(row.dsum);
    return acc;
  };
  for (const row of cellRows) if (row.counts) accumulate(row).bins.addCell(Number(row.lo), row.counts);
  for (const row of rawRows) {
    const bins = accumulate(row).bins;
    if (row.counts) bins.addCell(Number(row.bin), row.counts);
    else bins.addBin(Number(row.bin), Number(row.n));
  }
  // Rows subtracted from a cell leave endpoints seen only before the start at zero: not in the range.
  for (const [key, acc] of byKey) if (acc.count === 0) byKey.delete(key);
  return { histograms: byKey, fullPastEnd: fullPastEnd(cellRows, segments, to) };
}

/** Per-endpoint totals and percentiles over exactly the range (see endpointHistograms). */
export async function endpointStats(
  sql: SqlClient,
  scope: TrafficScope,
  range: TimeRange,
  pieces?: RawPieceSource,
): Promise<EndpointStatsByKey> {
  const stats: EndpointStatsByKey = new Map();
  for (const [key, acc] of await endpointHistograms(sql, scope, range, pieces)) {
    if (acc.count === 0) continue;
    const [p50, p95, p99] = acc.bins.percentileBins([0.5, 0.95, 0.99]).map((bin) => binValue(bin!));
    stats.set(key, {
      method: acc.method,
      route: acc.route,
      count: acc.count,
      status4xx: acc.status4xx,
      status5xx: acc.status5xx,
      errorRate: (acc.status4xx + acc.status5xx) / acc.count,
      averageMs: acc.durationSum / acc.count,
      p50Ms: p50!,
      p95Ms: p95!,
      p99Ms: p99!,
    });
  }
  return stats;
}

export const ENDPOINT_SORTS = ['volume', 'p95', 'error_rate', 'change'] as const;
export type EndpointSort = (typeof ENDPOINT_SORTS)[number];

export interface EndpointRow extends EndpointStats {
  /** The same endpoint over the previous period of the same length; null when it had no requests then. */
  previous: EndpointStats | null;
  /** p95 now / p95 then (null without a previous period). */
  p95Change: number | null;
}

export interface EndpointsPage {
  range: TimeRange;
  previousRange: TimeRange;
  totalEndpoints: number;
  /** Requests in the range not in any listed endpoint: routes past the per-cell bound (ROUTES_PER_CELL). */
  untrackedRequests: number;
  endpoints: EndpointRow[];
  /** Offset of the next page, null on the last. */
  nextOffset: number | null;
}

const SORT_KEYS: Record<EndpointSort, (e: EndpointRow) => number> = {
  volume: (e) => e.count,
  p95: (e) => e.p95Ms,
  error_rate: (e) => e.errorRate,
  // Endpoints new in this period have no ratio: they sort after every measured change.
  change: (e) => e.p95Change ?? Number.NEGATIVE_INFINITY,
};

/** Endpoints over a range, sorted (descending, then by volume and name) and paginated by offset. */
export async function endpoints(
  sql: SqlClient,
  scope: TrafficScope,
  range: TimeRange,
  options: { sort: EndpointSort; limit: number; offset: number },
): Promise<EndpointsPage> {
  if (!ENDPOINT_SORTS.includes(options.sort))
    throw new UserInputError(`sort: "${options.sort}" is not one of ${ENDPOINT_SORTS.join(', ')}`, 'sort');
  const length = range.to.getTime() - range.from.getTime();
  const previousRange = { from: new Date(range.from.getTime() - length), to: range.from };
  // The piece the range's start subtracts, in the statement of its first hour, is the previous period's end.
  const pieces = new SharedRawPieces(previousRange);
  const [current, previous, totals] = await Promise.all([
    endpointStats(sql, scope, range, pieces.offering),
    endpointStats(sql, scope, previousRange, pieces.taking),
    trafficTotals(sql, scope, range),
  ]);
  const rows: EndpointRow[] = [...current.entries()].map(([key, stats]) => {
    const before = previous.get(key) ?? null;
    return { ...stats, previous: before, p95Change: before ? stats.p95Ms / before.p95Ms : null };
  });
  const sortKey = SORT_KEYS[options.sort];
  rows.sort((a, b) => sortKey(b) - sortKey(a) || b.count - a.count || endpointKey(a).localeCompare(endpointKey(b)));
  const tracked = rows.reduce((sum, row) => sum + row.count, 0);
  const page = rows.slice(options.offset, options.offset + options.limit);
  return {
    range,
    previousRange,
    totalEndpoints: rows.length,
    untrackedRequests: Math.max(0, totals.count - tracked),
    endpoints: page,
    nextOffset: options.offset + page.length < rows.length ? options.offset + page.length : null,
  };
}
