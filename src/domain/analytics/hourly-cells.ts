import type { SqlClient } from '../../db/sql-client.ts';
import type { TimeRange } from '../time/time-range.ts';
import { BinCounts } from './bin-counts.ts';
import { binSql } from './latency-bins.ts';
import { planSegments, type Segment } from './period-plan.ts';
import { readWithQuietEnd } from './quiet-end.ts';
import { routeCellFullAt } from './route-response-times.ts';
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
 * the hour minus its part before the start when that part is the shorter). Reads one row per hour (per bucket
 * when some buckets are asked), whatever the volume.
 */
export async function hourlyCells(
  sql: SqlClient,
  scope: TrafficScope,
  range: TimeRange,
  endpoint: EndpointRef | null,
): Promise<HourCell[]> {
  const read = (subtractBeforeStart: boolean) =>
    readWithQuietEnd(
      sql,
      scope,
      range,
      (quietUntil) =>
        planSegments(range.from, range.to, [HOUR_SECONDS], {
          quietUntil,
          subtractBeforeStart,
          rawRetainedFrom: scope.rawRetainedFrom,
        }),
      (segments) => readHourlyCells(sql, scope, range, endpoint, segments),
    );
  if (!endpoint) return read(true);
  const [cells, full] = await Promise.all([read(true), routeCellFullAt(sql, scope, range.from)]);
  return full ? read(false) : cells;
}

async function readHourlyCells(
  sql: SqlClient,
  scope: TrafficScope,
  range: TimeRange,
  endpoint: EndpointRef | null,
  segments: readonly Segment[],
): Promise<HourCell[]> {
  const hours = segments.filter((s) => s.period > 0);
  const edges = segments.filter((s) => s.period === 0);
  const cells = new Map(
    seriesIntervals(range, HOUR_SECONDS).map((interval) => [
      interval.start,
      { ...interval, count: 0, errors: 0, bins: new BinCounts() },
    ]),
  );
  const at = (t: number) => cells.get(Number(t) * 1000);

  type Totals = { t: number; n: number; e: number };
  type Cell = { t: number; lo: number; counts: (number | null)[] | null };
  const reads: Promise<void>[] = [];
  for (const hour of hours) {
    const params = new SqlParams();
    const where = [
      ...(endpoint ? routeRollupScopeConditions : rollupScopeConditions)(params, scope),
      `"period" = ${params.add(HOUR_SECONDS)}`,
      `"periodStart" >= ${params.add(hour.from)}`,
      `"periodStart" < ${params.add(hour.to)}`,
    ];
    const t = `extract(epoch FROM "periodStart")::float8`;
    if (endpoint) {
      where.push(`"method" = ${params.add(endpoint.method)}`, `"route" = ${params.add(endpoint.route)}`);
      const query = `SELECT ${t} AS t, "count" AS n, "status4xx" + "status5xx" AS e, array_lower("counts", 1) AS lo, array_to_json("counts") AS counts FROM "RouteRollup" WHERE ${where.join(' AND ')}`;
      reads.push(
        sql.query<Totals & Cell>(query, params.values).then((rows) => {
          for (const row of rows) addTotals(at(row.t), row), addCell(at(row.t), row);
        }),
      );
    } else {
      reads.push(
        sql
          .query<Totals>(
            `SELECT ${t} AS t, "count" AS n, "status4xx" + "status5xx" AS e FROM "RequestRollup" WHERE ${where.join(' AND ')}`,
            params.values,
          )
          .then((rows) => {
            for (const row of rows) addTotals(at(row.t), row);
          }),
        sql
          .query<Cell>(
            `SELECT ${t} AS t, array_lower("counts", 1) AS lo, array_to_json("counts") AS counts FROM "LatencyHistogram" WHERE ${where.join(' AND ')}`,
            params.values,
          )
          .then((rows) => {
            for (const row of rows) addCell(at(row.t), row);
          }),
      );
    }
  }
  for (const edge of edges) {
    const params = new SqlParams();
    const where = [
      ...scopeConditions(params, scope),
      `"timestamp" >= ${params.add(edge.from)}`,
      `"timestamp" < ${params.add(edge.to)}`,
    ];
    if (endpoint) where.push(`"method" = ${params.add(endpoint.method)}`, `"route" = ${params.add(endpoint.route)}`);
    const sign = edge.subtracted ? '-' : '';
    const query = `SELECT ${intervalStartSql('"timestamp"', params.add(HOUR_SECONDS))} AS t, ${binSql('"durationMs"')} AS bin, ${sign}count(*)::int AS n,
      ${sign}(count(*) FILTER (WHERE "status" >= 400))::int AS e FROM "Request" WHERE ${where.join(' AND ')} GROUP BY 1, 2`;
    reads.push(
      sql.query<Totals & { bin: number }>(query, params.values).then((rows) => {
        for (const row of rows) {
          addTotals(at(row.t), row);
          at(row.t)?.bins.addBin(Number(row.bin), Number(row.n));
        }
      }),
    );
  }
  await Promise.all(reads);
  return [...cells.values()];
}

function addTotals(cell: HourCell | undefined, row: { n: number; e: number }) {
  if (!cell) return;
  cell.count += Number(row.n);
  cell.errors += Number(row.e);
}

function addCell(cell: HourCell | undefined, row: { lo: number; counts: (number | null)[] | null }) {
  if (cell && row.counts) cell.bins.addCell(Number(row.lo), row.counts);
}
