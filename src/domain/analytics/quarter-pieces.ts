import type { SqlClient } from '../../db/sql-client.ts';
import { ALL_BUCKETS, ROUTE_QUARTER_PERIOD } from '../ingest/rollup-periods.ts';
import { ROUTE_ROWS_DISAGREE_SQL } from '../route-quarters/compact-route-quarters.ts';
import type { Segment } from './period-plan.ts';
import { binnedByEndpointSql, rawPieceSql } from './raw-bins-sql.ts';
import type { RawBinRow } from './shared-raw-pieces.ts';
import { routeRollupScopeConditions, SqlParams } from './sql-params.ts';
import type { TrafficScope } from './traffic-scope.ts';

const QUARTER_MS = ROUTE_QUARTER_PERIOD * 1000;
const floorTo = (ms: number) => Math.floor(ms / QUARTER_MS) * QUARTER_MS;
const ceilTo = (ms: number) => Math.ceil(ms / QUARTER_MS) * QUARTER_MS;

/** How one added raw piece is read: whole route quarters, with raw rows added or subtracted at its two ends. */
export interface QuarterReading {
  /** The quarters read from route quarter cells, [from, to) in ms; null when the piece is read raw whole. */
  quarters: { from: number; to: number } | null;
  /** The raw rows read: added ones, and subtracted ones (rows of a quarter read whole that lie outside the piece). */
  raw: Segment[];
  /** Milliseconds of raw rows read. */
  rawMs: number;
}

const piece = (from: number, to: number, subtracted: boolean): Segment[] =>
  from < to ? [{ period: 0, from: new Date(from), to: new Date(to), ...(subtracted ? { subtracted } : {}) }] : [];

/**
 * The cheapest way to read [from, to) in minutes of raw rows: raw whole, or the quarters it spans with each end
 * either added raw up to the next quarter or read as that whole quarter minus its part outside the piece (only
 * where those rows are at or after `rawRetainedFrom`: a quarter cell outlives its raw rows). At most 7.5 minutes
 * of raw rows at each end, however long the piece; ties keep the simpler reading.
 */
export function quarterReading(from: number, to: number, rawRetainedFrom: number): QuarterReading {
  let best: QuarterReading = { quarters: null, raw: piece(from, to, false), rawMs: Math.max(0, to - from) };
  for (const headSubtracted of [false, true]) {
    for (const tailSubtracted of [false, true]) {
      const qs = headSubtracted ? floorTo(from) : ceilTo(from);
      const qe = tailSubtracted ? ceilTo(to) : floorTo(to);
      if (qs >= qe) continue;
      if (headSubtracted && qs < from && qs < rawRetainedFrom) continue;
      if (tailSubtracted && qe > to && to < rawRetainedFrom) continue;
      const raw = [
        ...(headSubtracted ? piece(qs, from, true) : piece(from, qs, false)),
        ...(tailSubtracted ? piece(to, qe, true) : piece(qe, to, false)),
      ];
      const rawMs = raw.reduce((sum, s) => sum + s.to.getTime() - s.from.getTime(), 0);
      if (rawMs < best.rawMs) best = { quarters: { from: qs, to: qe }, raw, rawMs };
    }
  }
  return best;
}

/** quarterReading's raw time, as planSegments' `addedRawMs`. */
export const quarterRawMs =
  (rawRetainedFrom: Date) =>
  (from: number, to: number): number =>
    quarterReading(from, to, rawRetainedFrom.getTime()).rawMs;

/** A span of whole quarters, [from, to) in ms. */
interface QuarterSpan {
  from: number;
  to: number;
}

/** The (bucket `b`, start `st`) of each quarter in `spans` that a bucket of the scope has stale. */
function staleSql(params: SqlParams, scope: TrafficScope, spans: readonly QuarterSpan[]): string {
  const buckets = scope.bucketIds === null ? '' : `AND r."bucketId" = ANY(${params.add(scope.bucketIds)}::text[])`;
  const within = spans
    .map(
      (s) => `r."periodStart" >= ${params.add(new Date(s.from))} AND r."periodStart" < ${params.add(new Date(s.to))}`,
    )
    .join(' OR ');
  return `SELECT r."bucketId" AS b, r."periodStart" AS st FROM "RequestRollup" AS r
    WHERE r."environmentId" = ${params.add(scope.environmentId)} AND r."period" = ${params.add(ROUTE_QUARTER_PERIOD)}
      AND (${within}) AND r."bucketId" <> ${params.add(ALL_BUCKETS)} ${buckets} AND ${ROUTE_ROWS_DISAGREE_SQL}`;
}

/**
 * The quarters' route cells of one bucket are trusted only where their counts add up to RequestRollup's quarter
 * row, which ingest keeps exact: a quarter not yet compacted, or one a late request reached since, is `stale`
 * and read from its raw rows instead, in the same statement (one snapshot with the rows subtracted beside it).
 */
function quarterSql(params: SqlParams, scope: TrafficScope, quarters: QuarterSpan, subtracted: Segment[]) {
  const stale = staleSql(params, scope, [quarters]);
  const period = params.add(ROUTE_QUARTER_PERIOD);
  const from = params.add(new Date(quarters.from));
  const to = params.add(new Date(quarters.to));
  const environment = params.add(scope.environmentId);
  const cellWhere = [
    ...routeRollupScopeConditions(params, scope),
    `"period" = ${period}`,
    `"periodStart" >= ${from}`,
    `"periodStart" < ${to}`,
    `NOT EXISTS (SELECT 1 FROM stale WHERE stale.b = "bucketId" AND stale.st = "periodStart")`,
  ];
  const cells = `SELECT "method" AS method, "route" AS route, array_lower("counts", 1) AS bin, "count" AS n, "status4xx" AS s4,
    "status5xx" AS s5, "durationSum" AS dsum, array_to_json("counts") AS counts FROM "RouteRollup" WHERE ${cellWhere.join(' AND ')}`;
  const staleRaw = `SELECT q.*, NULL::json AS counts FROM stale CROSS JOIN LATERAL (${binnedByEndpointSql(
    [
      `"environmentId" = ${environment}`,
      `"bucketId" = stale.b`,
      `"timestamp" >= stale.st`,
      `"timestamp" < stale.st + interval '${ROUTE_QUARTER_PERIOD} seconds'`,
    ],
    false,
  )}) AS q`;
  const taken = subtracted.map(
    (s) => `SELECT *, NULL::json AS counts FROM (${rawPieceSql(params, scope, s, false)}) AS piece`,
  );
  return `WITH stale AS MATERIALIZED (${stale})\n${[cells, staleRaw, ...taken].join('\nUNION ALL\n')}`;
}

/**
 * The rows of an added raw piece, binned by endpoint as raw rows would be (RawBinRow, a quarter cell's bins in its
 * `counts`), read the cheapest way
 * (quarterReading): the quarters it spans from route quarter cells with their stale ones and the rows subtracted
 * at its ends in one statement, its added ends each in a statement of their own (PostgreSQL plans a union of
 * raw pieces as a Parallel Append whose workers cost more than the pieces, run 38).
 */
export async function readQuarterPiece(sql: SqlClient, scope: TrafficScope, segment: Segment): Promise<RawBinRow[]> {
  const reading = quarterReading(segment.from.getTime(), segment.to.getTime(), scope.rawRetainedFrom.getTime());
  const added = reading.raw.filter((s) => !s.subtracted);
  const reads: Promise<RawBinRow[]>[] = added.map((s) => {
    const params = new SqlParams();
    return sql.query<RawBinRow>(rawPieceSql(params, scope, s, false), params.values);
  });
  const { quarters } = reading;
  if (quarters) {
    const params = new SqlParams();
    const text = quarterSql(
      params,
      scope,
      quarters,
      reading.raw.filter((s) => s.subtracted),
    );
    reads.push(sql.query<RawBinRow>(text, params.values));
  }
  return (await Promise.all(reads)).flat();
}

/** The starts (ms) of the quarters in `spans` that some bucket of the scope has stale (see quarterSql). */
async function staleQuarterStarts(
  sql: SqlClient,
  scope: TrafficScope,
  spans: readonly QuarterSpan[],
): Promise<Set<number>> {
  const params = new SqlParams();
  const rows = await sql.query<{ ms: number }>(
    `SELECT DISTINCT (extract(epoch FROM st) * 1000)::float8 AS ms FROM (${staleSql(params, scope, spans)}) AS stale`,
    params.values,
  );
  return new Set(rows.map((row) => Number(row.ms)));
}

/**
 * A series' segments with the whole quarters of each added raw piece read from route quarter cells, raw rows
 * left for the minutes to the nearest quarter: added only, as a series' min and max cannot be taken back. A
 * quarter some bucket of the scope has stale stays raw. Found by a statement of its own, so a request stamped in
 * a quarter and committed between it and the read of the cells is missed, as if it had come after the read.
 */
export async function withRouteQuarters(
  sql: SqlClient,
  scope: TrafficScope,
  segments: readonly Segment[],
): Promise<Segment[]> {
  const split = segments.flatMap((s): Segment[] => {
    if (s.period !== 0 || s.subtracted) return [s];
    const from = s.from.getTime();
    const to = s.to.getTime();
    const [qs, qe] = [ceilTo(from), floorTo(to)];
    if (qs >= qe) return [s];
    return [
      ...piece(from, qs, false),
      { period: ROUTE_QUARTER_PERIOD, from: new Date(qs), to: new Date(qe) },
      ...piece(qe, to, false),
    ];
  });
  const quarters = split.filter((s) => s.period === ROUTE_QUARTER_PERIOD);
  if (quarters.length === 0) return split;
  // Only the quarter segments' own spans: the hours between them come from other levels, and checking them
  // cost a 20-hour series 1,185 minutes of quarter rows where at most 120 are read.
  const stale = await staleQuarterStarts(
    sql,
    scope,
    quarters.map((s) => ({ from: s.from.getTime(), to: s.to.getTime() })),
  );
  if (stale.size === 0) return split;
  return split.flatMap((s): Segment[] => {
    if (s.period !== ROUTE_QUARTER_PERIOD) return [s];
    const parts: Segment[] = [];
    for (let start = s.from.getTime(); start < s.to.getTime(); start += QUARTER_MS) {
      const period = stale.has(start) ? 0 : ROUTE_QUARTER_PERIOD;
      const last = parts.at(-1);
      if (last?.period === period && last.to.getTime() === start) last.to = new Date(start + QUARTER_MS);
      else parts.push({ period, from: new Date(start), to: new Date(start + QUARTER_MS) });
    }
    return parts;
  });
}
