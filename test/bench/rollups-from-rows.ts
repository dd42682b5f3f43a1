import type { SqlClient } from '../../src/db/sql-client.ts';
import { binSql } from '../../src/domain/analytics/latency-bins.ts';
import {
  ALL_BUCKETS,
  ERROR_PERIODS,
  HISTOGRAM_PERIODS,
  ROLLUP_PERIODS,
  ROUTE_PERIODS,
  ROUTES_PER_CELL,
} from '../../src/domain/ingest/rollup-periods.ts';

/**
 * The rollup tables built from stored Request rows in one set-based pass per table, for a bulk-loaded
 * benchmark database: the same cells, counts, histograms and routes that rollupDeltas and storeRequests
 * add batch by batch (bins with binSql, period starts as periodStartMs computes them, every request also
 * under ALL_BUCKETS except in route rows), added to what is already there. Each table is grouped at its finest period first and
 * the coarser periods are summed from that (every period divides the next), as rollupDeltas folds them.
 * Only `durationSum` can differ, in its last bits: floating-point sums depend on their order.
 */

const periodStart = (column: string, period: string) =>
  `to_timestamp(floor(extract(epoch FROM ${column}) / ${period}) * ${period})`;
const periods = (list: readonly number[]) => `(VALUES ${list.map((p) => `(${p})`).join(', ')}) AS p(period)`;
const bucketOrAll = `CASE WHEN grouping(bucket) = 1 THEN '${ALL_BUCKETS}' ELSE bucket END`;
const rowsInRange = `FROM "Request" WHERE id > $1::bigint AND id <= $2::bigint`;
/** The finest cells of one table, each repeated once per period with that period's start. */
const perPeriod = (finest: string, list: readonly number[]) =>
  `(SELECT f.*, p.period, ${periodStart('f.st', 'p.period')} AS pst FROM ${finest} AS f CROSS JOIN ${periods(list)}) AS x`;
const groupingSets = (keys: string) =>
  `GROUP BY GROUPING SETS ((env, bucket, period, pst${keys}), (env, period, pst${keys}))`;

/** On a conflict, as storeRequests does: each counter added to the stored one. */
const added = (alias: string, columns: string[]) =>
  columns.map((c) => `"${c}" = ${alias}."${c}" + EXCLUDED."${c}"`).join(',\n  ');

const statusClass = (k: number) => `count(*) FILTER (WHERE least(greatest(status / 100, 1), 5) = ${k}) AS s${k}`;

const REQUEST_ROLLUPS_SQL = `
WITH finest AS (
  SELECT "environmentId" AS env, "bucketId" AS bucket, ${periodStart('"timestamp"', String(ROLLUP_PERIODS[0]))} AS st,
    count(*) AS n, ${[1, 2, 3, 4, 5].map(statusClass).join(', ')}, count(*) FILTER (WHERE blocked) AS bl,
    sum("durationMs") AS dsum, min("durationMs") AS dmin, max("durationMs") AS dmax
  ${rowsInRange} GROUP BY 1, 2, 3
)
INSERT INTO "RequestRollup" AS r (
  "environmentId", "bucketId", "period", "periodStart", "count", "status1xx", "status2xx", "status3xx", "status4xx",
  "status5xx", "blocked", "durationSum", "durationMin", "durationMax"
)
SELECT env, ${bucketOrAll}, period, pst, sum(n)::int, sum(s1)::int, sum(s2)::int, sum(s3)::int, sum(s4)::int, sum(s5)::int,
  sum(bl)::int, sum(dsum), min(dmin), max(dmax)
FROM ${perPeriod('finest', ROLLUP_PERIODS)}
${groupingSets('')}
ON CONFLICT ("environmentId", "period", "periodStart", "bucketId") DO UPDATE SET
  ${added('r', ['count', 'status1xx', 'status2xx', 'status3xx', 'status4xx', 'status5xx', 'blocked', 'durationSum'])},
  "durationMin" = least(r."durationMin", EXCLUDED."durationMin"),
  "durationMax" = greatest(r."durationMax", EXCLUDED."durationMax")`;

const HISTOGRAMS_SQL = `
WITH finest AS (
  SELECT "environmentId" AS env, "bucketId" AS bucket, ${periodStart('"timestamp"', String(HISTOGRAM_PERIODS[0]))} AS st,
    ${binSql('"durationMs"')}::int AS bin, count(*) AS n
  ${rowsInRange} GROUP BY 1, 2, 3, 4
)
INSERT INTO "LatencyHistogram" AS h ("environmentId", "bucketId", "period", "periodStart", "counts")
SELECT env, ${bucketOrAll}, period, pst, latency_counts_of(array_agg(bin), array_agg(n)::bigint[])
FROM ${perPeriod('finest', HISTOGRAM_PERIODS)}
${groupingSets('')}
ON CONFLICT ("environmentId", "period", "periodStart", "bucketId") DO UPDATE SET "counts" = latency_counts_add(h."counts", EXCLUDED."counts")`;

const ERROR_ROLLUPS_SQL = `
WITH finest AS (
  SELECT "environmentId" AS env, "bucketId" AS bucket, ${periodStart('"timestamp"', String(ERROR_PERIODS[0]))} AS st,
    method, route, status, count(*) AS n
  ${rowsInRange} AND status >= 400 GROUP BY 1, 2, 3, 4, 5, 6
)
INSERT INTO "ErrorRollup" AS er ("environmentId", "bucketId", "period", "periodStart", "method", "route", "status", "count")
SELECT env, ${bucketOrAll}, period, pst, method, route, status, sum(n)::int
FROM ${perPeriod('finest', ERROR_PERIODS)}
${groupingSets(', method, route, status')}
ON CONFLICT ("environmentId", "period", "periodStart", "bucketId", "method", "route", "status")
DO UPDATE SET "count" = er."count" + EXCLUDED."count"`;

const ROUTE_ROLLUPS_SQL = `
WITH finest AS (
  SELECT "environmentId" AS env, "bucketId" AS bucket, ${periodStart('"timestamp"', String(ROUTE_PERIODS[0]))} AS st,
    method, route, ${binSql('"durationMs"')}::int AS bin, count(*) AS n,
    count(*) FILTER (WHERE status >= 400 AND status < 500) AS s4, count(*) FILTER (WHERE status >= 500) AS s5,
    sum("durationMs") AS dsum, min("durationMs") AS dmin, max("durationMs") AS dmax
  ${rowsInRange} GROUP BY 1, 2, 3, 4, 5, 6
)
INSERT INTO "RouteRollup" AS rr ("environmentId", "bucketId", "period", "periodStart", "method", "route", "count", "status4xx", "status5xx", "durationSum",
  "durationMin", "durationMax", "counts")
SELECT env, bucket, period, pst, method, route, sum(n)::int, sum(s4)::int, sum(s5)::int, sum(dsum), min(dmin), max(dmax),
  latency_counts_of(array_agg(bin), array_agg(n)::bigint[])
FROM ${perPeriod('finest', ROUTE_PERIODS)}
GROUP BY env, bucket, period, pst, method, route
ON CONFLICT ("environmentId", "period", "periodStart", "bucketId", "method", "route") DO UPDATE SET
  ${added('rr', ['count', 'status4xx', 'status5xx', 'durationSum'])},
  "durationMin" = least(rr."durationMin", EXCLUDED."durationMin"),
  "durationMax" = greatest(rr."durationMax", EXCLUDED."durationMax"),
  "counts" = latency_counts_add(rr."counts", EXCLUDED."counts")`;

// Ingest stops adding routes to a cell holding ROUTES_PER_CELL; this pass does not, so it refuses to build
// what ingest would not have stored.
const MOST_ROUTES_IN_A_CELL_SQL = `
SELECT coalesce(max(n), 0)::int AS most FROM (
  SELECT count(*) AS n FROM "RouteRollup" GROUP BY "environmentId", "period", "periodStart", "bucketId"
) AS cells`;

/** Rows per statement: bounds each statement's sort and hash memory (PGlite shares this process's). */
const ROWS_PER_PASS = 500_000;

/** Adds the Request rows with ids in (afterId, lastId] to every rollup table. */
export async function addRollupsFromRows(sql: SqlClient, afterId: bigint, lastId: bigint): Promise<void> {
  for (let from = afterId; from < lastId; from += BigInt(ROWS_PER_PASS)) {
    const to = from + BigInt(ROWS_PER_PASS) < lastId ? from + BigInt(ROWS_PER_PASS) : lastId;
    const range = [from.toString(), to.toString()];
    for (const statement of [REQUEST_ROLLUPS_SQL, HISTOGRAMS_SQL, ERROR_ROLLUPS_SQL, ROUTE_ROLLUPS_SQL])
      await sql.query(statement, range);
  }
  const [row] = await sql.query<{ most: number }>(MOST_ROUTES_IN_A_CELL_SQL);
  if (row!.most > ROUTES_PER_CELL)
    throw new Error(`a route rollup cell holds ${row!.most} routes, more than ingest keeps (${ROUTES_PER_CELL})`);
}
