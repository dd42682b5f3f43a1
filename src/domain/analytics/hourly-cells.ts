import type { SqlClient } from '../../db/sql-client.ts';
import type { TimeRange } from '../time/time-range.ts';
import { BinCounts } from './bin-counts.ts';
import { binSql } from './latency-bins.ts';
import { planSegments, type Segment } from './period-plan.ts';
import { readWithQuietEnd } from './quiet-end.ts';
import { routeCondition } from './route-templates.ts';
import { fullCells, fullCellsFromRawRows } from './route-response-times.ts';
import { seriesIntervals, intervalStartSql, type SeriesInterval } from './series-intervals.ts';
import { rollupScopeConditions, routeRollupScopeConditions, scopeConditions, SqlParams } from './sql-params.ts';
import type { TrafficScope } from './traffic-scope.ts';

export const HOUR_SECONDS = 3600;

/** One endpoint: method and stored route, as endpoints lists them. */
export interface EndpointRef {
  method: string;
  route: string;
}

/** One hour of a series (or the part of it inside the range, `partial`): totals and its latency histogram. */
export interface HourCell extends SeriesInterval {
  count: number;
  errors: number;
  bins: BinCounts;
}

/**
 * Hourly totals and histograms over exactly the range, for everything in scope or one endpoint: whole hours
 * from the hourly rollups (RequestRollup + LatencyHistogram, or RouteRollup for an endpoint), raw rows binned
 * alike for the ragged ends (none at an end with nothing stored after it, see readWithQuietEnd; at the start
 * the hour minus its part before the start when that part is the shorter). For an endpoint, an hour whose
 * route cell is full in some bucket (where the endpoint may have requests but no row) is read from raw rows.
 * Reads one row per hour (per bucket when some buckets are asked), whatever the volume.
 *
 * `histogramHours` (hour starts, ms) limits the histograms read to those hours: every other cell keeps its
 * totals and an empty histogram, and no latency array of it is sent. null reads every hour's histogram.
 */
export async function hourlyCells(
  sql: SqlClient,
  scope: TrafficScope,
  range: TimeRange,
  endpoint: EndpointRef | null,
  histogramHours: ReadonlySet<number> | null = null,
): Promise<HourCell[]> {
  return readWithQuietEnd(
    sql,
    scope,
    range,
    (quietUntil) =>
      planSegments(range.from, range.to, [HOUR_SECONDS], {
        quietUntil,
        subtractBeforeStart: true,
        rawRetainedFrom: scope.rawRetainedFrom,
      }),
    (segments) => readHourlyCells(sql, scope, range, endpoint, segments, histogramHours),
  );
}

const HOUR_MS = HOUR_SECONDS * 1000;

/** Runs [from, to) of consecutive hours among `starts` that begin in [from, to), in order. */
function hourRuns(starts: ReadonlySet<number>, from: Date, to: Date): { from: Date; to: Date }[] {
  const inside = [...starts].filter((t) => t >= from.getTime() && t < to.getTime()).sort((a, b) => a - b);
  const runs: { from: Date; to: Date }[] = [];
  for (const t of inside) {
    const last = runs.at(-1);
    if (last && last.to.getTime() === t) last.to = new Date(t + HOUR_MS);
    else runs.push({ from: new Date(t), to: new Date(t + HOUR_MS) });
  }
  return runs;
}

/** A row of totals and/or a histogram cell of the hour starting at `t` (epoch seconds). */
type CellRow = { t: number; n: number; e: number; lo: number | null; counts: (number | null)[] | null };

/**
 * Starts (ms) of the hours read from RouteRollup that are full in some bucket of the scope and whose raw rows are
 * kept: before the raw cut-off the endpoint's own row is the best count left (see fullCellsFromRawRows).
 */
async function fullHours(sql: SqlClient, scope: TrafficScope, hours: readonly Segment[]): Promise<Set<number>> {
  const full = fullCellsFromRawRows(await fullCells(sql, scope, hours), scope);
  return new Set((full.get(HOUR_SECONDS) ?? []).map((start) => start.getTime()));
}

async function readHourlyCells(
  sql: SqlClient,
  scope: TrafficScope,
  range: TimeRange,
  endpoint: EndpointRef | null,
  segments: readonly Segment[],
  histogramHours: ReadonlySet<number> | null,
): Promise<HourCell[]> {
  const hours = segments.filter((s) => s.period > 0);
  const wanted = (start: number) => histogramHours === null || histogramHours.has(start);
  /** Whether some hour touched by [from, to) wants its histogram. */
  const wantedIn = (from: Date, to: Date) => {
    for (let t = Math.floor(from.getTime() / HOUR_MS) * HOUR_MS; t < to.getTime(); t += HOUR_MS)
      if (wanted(t)) return true;
    return false;
  };
  /** The periodStart condition of the wanted hours of [from, to): null for all of them, 'none' when none is. */
  const wantedCondition = (params: SqlParams, from: Date, to: Date): string | null | 'none' => {
    if (histogramHours === null) return null;
    const runs = hourRuns(histogramHours, from, to);
    if (runs.length === 0) return 'none';
    return `(${runs.map((run) => `("periodStart" >= ${params.add(run.from)} AND "periodStart" < ${params.add(run.to)})`).join(' OR ')})`;
  };
  const cells = new Map(
    seriesIntervals(range, HOUR_SECONDS).map((interval) => [
      interval.start,
      { ...interval, count: 0, errors: 0, bins: new BinCounts() },
    ]),
  );
  const at = (t: number) => cells.get(Number(t) * 1000);
  const add = (row: CellRow) => {
    const cell = at(row.t);
    if (!cell) return;
    cell.count += Number(row.n);
    cell.errors += Number(row.e);
    if (row.counts && wanted(cell.start)) cell.bins.addCell(Number(row.lo), row.counts);
  };
  const endpointWhere = (params: SqlParams) =>
    endpoint ? [`"method" = ${params.add(endpoint.method)}`, routeCondition(params, endpoint.route)] : [];
  const rawSql = (params: SqlParams, from: Date, to: Date, sign: '' | '-') => {
    const where = [
      ...scopeConditions(params, scope),
      `"timestamp" >= ${params.add(from)}`,
      `"timestamp" < ${params.add(to)}`,
      ...endpointWhere(params),
    ];
    if (!wantedIn(from, to))
      return `SELECT ${intervalStartSql('"timestamp"', params.add(HOUR_SECONDS))} AS t, ${sign}count(*)::int AS n,
      ${sign}(count(*) FILTER (WHERE "status" >= 400))::int AS e, NULL::int AS lo, NULL::json AS counts
      FROM "Request" WHERE ${where.join(' AND ')} GROUP BY 1`;
    return `SELECT t, n, e, bin AS lo, json_build_array(n) AS counts FROM (
      SELECT ${intervalStartSql('"timestamp"', params.add(HOUR_SECONDS))} AS t, ${binSql('"durationMs"')} AS bin, ${sign}count(*)::int AS n,
      ${sign}(count(*) FILTER (WHERE "status" >= 400))::int AS e FROM "Request" WHERE ${where.join(' AND ')} GROUP BY 1, 2) AS piece`;
  };
  const rawRows = (from: Date, to: Date) => {
    const params = new SqlParams();
    return sql.query<CellRow>(rawSql(params, from, to, ''), params.values);
  };

  const subtracted = segments.find((s) => s.subtracted);
  const hourRows = hours.map((hour) => {
    const params = new SqlParams();
    const where = [
      ...(endpoint ? routeRollupScopeConditions : rollupScopeConditions)(params, scope),
      `"period" = ${params.add(HOUR_SECONDS)}`,
      `"periodStart" >= ${params.add(hour.from)}`,
      `"periodStart" < ${params.add(hour.to)}`,
      ...endpointWhere(params),
    ].join(' AND ');
    const t = `extract(epoch FROM "periodStart")::float8`;
    const histograms = wantedCondition(params, hour.from, hour.to);
    const histogramOnly = (column: string) =>
      histograms === null ? column : histograms === 'none' ? 'NULL' : `CASE WHEN ${histograms} THEN ${column} END`;
    const branches = endpoint
      ? [
          `SELECT ${t} AS t, "count" AS n, "status4xx" + "status5xx" AS e, ${histogramOnly('array_lower("counts", 1)')}::int AS lo, ${histogramOnly('array_to_json("counts")')}::json AS counts FROM "RouteRollup" WHERE ${where}`,
        ]
      : [
          `SELECT ${t} AS t, "count" AS n, "status4xx" + "status5xx" AS e, NULL::int AS lo, NULL::json AS counts FROM "RequestRollup" WHERE ${where}`,
          ...(histograms === 'none'
            ? []
            : [
                `SELECT ${t} AS t, 0 AS n, 0 AS e, array_lower("counts", 1) AS lo, array_to_json("counts") AS counts FROM "LatencyHistogram" WHERE ${where}${histograms === null ? '' : ` AND ${histograms}`}`,
              ]),
        ];
    // The rows subtracted from the first hour are read in the statement that reads that hour, so both see the
    // same snapshot: read apart, a request of [hour start, from) committed between the two statements would be
    // taken away without ever having been counted, leaving the hour below its true count.
    if (subtracted && subtracted.from.getTime() === hour.from.getTime())
      branches.push(rawSql(params, subtracted.from, subtracted.to, '-'));
    return sql.query<CellRow>(branches.join('\nUNION ALL\n'), params.values);
  });
  const edgeRows = segments.filter((s) => s.period === 0 && !s.subtracted).map((s) => rawRows(s.from, s.to));
  const [full, rows] = await Promise.all([
    endpoint ? fullHours(sql, scope, hours) : new Set<number>(),
    Promise.all([...hourRows, ...edgeRows]).then((parts) => parts.flat()),
  ]);
  // A full hour's rollup row, and the rows subtracted from it, give way to its raw rows inside the range (no
  // raw edge piece lies in an hour read from rollups).
  for (const row of rows) if (!full.has(Number(row.t) * 1000)) add(row);
  const refills = [...full].map((start) =>
    rawRows(
      new Date(Math.max(start, range.from.getTime())),
      new Date(Math.min(start + HOUR_SECONDS * 1000, range.to.getTime())),
    ),
  );
  for (const row of (await Promise.all(refills)).flat()) add(row);
  return [...cells.values()];
}
