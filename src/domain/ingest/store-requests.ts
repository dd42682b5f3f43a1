import { copyRow, type CopyValue } from '../../db/copy-text.ts';
import { someErrorInChain } from '../../db/error-chain.ts';
import type { SqlClient } from '../../db/sql-client.ts';
import type { RequestRecord } from './request-record.ts';
import { rollupDeltas, type RollupDeltas } from './rollup-deltas.ts';
import { ROUTES_PER_CELL } from './rollup-periods.ts';

/** Request's stored columns with their PostgreSQL types, and each record's values in the same order. */
const REQUEST_COLUMNS = [
  ['publicId', 'text'],
  ['externalId', 'text'],
  ['accountId', 'text'],
  ['environmentId', 'text'],
  ['bucketId', 'text'],
  ['timestamp', 'timestamptz'],
  ['method', 'text'],
  ['url', 'text'],
  ['host', 'text'],
  ['path', 'text'],
  ['route', 'text'],
  ['query', 'text'],
  ['status', 'int'],
  ['durationMs', 'float8'],
  ['requestHeaders', 'jsonb'],
  ['requestBody', 'text'],
  ['requestBodyTruncated', 'bool'],
  ['requestSize', 'int'],
  ['responseHeaders', 'jsonb'],
  ['responseBody', 'text'],
  ['responseBodyTruncated', 'bool'],
  ['responseSize', 'int'],
  ['clientIp', 'text'],
  ['userAgent', 'text'],
  ['blocked', 'bool'],
  ['blockedReason', 'text'],
] as const;
export const COLUMN_NAMES = REQUEST_COLUMNS.map(([name]) => name);

export function requestValues(r: RequestRecord): CopyValue[] {
  return [
    r.publicId,
    r.externalId,
    r.accountId,
    r.environmentId,
    r.bucketId,
    r.timestamp.toISOString(),
    r.method,
    r.url,
    r.host,
    r.path,
    r.route,
    r.query,
    r.status,
    r.durationMs,
    JSON.stringify(r.requestHeaders),
    r.requestBody,
    r.requestBodyTruncated,
    r.requestSize,
    JSON.stringify(r.responseHeaders),
    r.responseBody,
    r.responseBodyTruncated,
    r.responseSize,
    r.clientIp,
    r.userAgent,
    r.blocked,
    r.blockedReason,
  ];
}

// The slow path, for a batch holding a record already stored (a re-sent batch, a re-run seed): COPY cannot
// skip a conflicting row, an INSERT can. One array parameter per column.
const INSERT_SKIPPING_CONFLICTS_SQL = `
INSERT INTO "Request" (${COLUMN_NAMES.map((name) => `"${name}"`).join(', ')})
SELECT * FROM unnest(${REQUEST_COLUMNS.map(([, type], i) => `$${i + 1}::${type}[]`).join(', ')})
ON CONFLICT DO NOTHING
RETURNING "publicId"`;

async function insertSkippingConflicts(tx: SqlClient, values: readonly CopyValue[][]): Promise<Set<string>> {
  const columns = REQUEST_COLUMNS.map((_, i) => values.map((row) => row[i]));
  const rows = await tx.query<{ publicId: string }>(INSERT_SKIPPING_CONFLICTS_SQL, columns);
  return new Set(rows.map((row) => row.publicId));
}

// Route rows past ROUTES_PER_CELL in a cell are not kept: a route new to a full cell is skipped (see
// ROUTES_PER_CELL). Cells are sized once per statement, before this batch's rows, and once per cell, not per
// route row. Only rows of a full cell look for their own row, through a join the planner does by index:
// as an EXISTS beside an OR it planned a hashed subplan over all of RouteRollup, whose cost estimate grows
// with the table and would switch on JIT compilation (590 ms for one batch, measured) once it is large.
const ADD_ROUTE_ROLLUPS_CTES = `route_input AS (
  SELECT * FROM unnest($28::text[], $29::text[], $30::int[], $31::timestamptz[], $32::text[], $33::text[], $34::int[], $35::int[], $36::int[],
    $37::float8[], $38::float8[], $39::float8[], $40::text[]) WITH ORDINALITY AS t(env, b, p, st, m, ro, n, s4, s5, dsum, dmin, dmax, c, ord)
),
full_route_cells AS (
  SELECT env, b, p, st FROM (SELECT DISTINCT env, b, p, st FROM route_input) AS cell
  WHERE (SELECT count(*) FROM "RouteRollup" AS x WHERE x."environmentId" = cell.env AND x."period" = cell.p AND x."periodStart" = cell.st AND x."bucketId" = cell.b) >= $41
),
kept_routes AS (
  SELECT i.* FROM route_input AS i
  WHERE NOT EXISTS (SELECT 1 FROM full_route_cells AS f WHERE f.env = i.env AND f.b = i.b AND f.p = i.p AND f.st = i.st)
  UNION ALL
  SELECT i.* FROM route_input AS i JOIN full_route_cells AS f ON f.env = i.env AND f.b = i.b AND f.p = i.p AND f.st = i.st
  JOIN "RouteRollup" AS x ON x."environmentId" = i.env AND x."period" = i.p AND x."periodStart" = i.st AND x."bucketId" = i.b
    AND x."method" = i.m AND x."route" = i.ro
),
routes AS (
  INSERT INTO "RouteRollup" AS rr ("environmentId", "bucketId", "period", "periodStart", "method", "route", "count", "status4xx", "status5xx", "durationSum", "durationMin", "durationMax", "counts")
  SELECT env, b, p, st, m, ro, n, s4, s5, dsum, dmin, dmax, c::int[] FROM kept_routes
  ORDER BY ord
  ON CONFLICT ("environmentId", "period", "periodStart", "bucketId", "method", "route") DO UPDATE SET
    "count" = rr."count" + EXCLUDED."count",
    "status4xx" = rr."status4xx" + EXCLUDED."status4xx",
    "status5xx" = rr."status5xx" + EXCLUDED."status5xx",
    "durationSum" = rr."durationSum" + EXCLUDED."durationSum",
    "durationMin" = least(rr."durationMin", EXCLUDED."durationMin"),
    "durationMax" = greatest(rr."durationMax", EXCLUDED."durationMax"),
    "counts" = latency_counts_add(rr."counts", EXCLUDED."counts")
)`;

// Each touched cell once, in the order rollupDeltas sorted them (the lock order), added to what is there.
const addRollupsSql = (routeRollups: boolean) => `
WITH rollups AS (
  INSERT INTO "RequestRollup" AS r (
    "environmentId", "bucketId", "period", "periodStart", "count", "status1xx", "status2xx", "status3xx", "status4xx",
    "status5xx", "blocked", "durationSum", "durationMin", "durationMax"
  )
  SELECT env, b, p, st, n, s1, s2, s3, s4, s5, bl, dsum, dmin, dmax
  FROM unnest($1::text[], $2::text[], $3::int[], $4::timestamptz[], $5::int[], $6::int[], $7::int[], $8::int[], $9::int[],
    $10::int[], $11::int[], $12::float8[], $13::float8[], $14::float8[]) WITH ORDINALITY
    AS t(env, b, p, st, n, s1, s2, s3, s4, s5, bl, dsum, dmin, dmax, ord)
  ORDER BY ord
  ON CONFLICT ("environmentId", "period", "periodStart", "bucketId") DO UPDATE SET
    "count" = r."count" + EXCLUDED."count",
    "status1xx" = r."status1xx" + EXCLUDED."status1xx",
    "status2xx" = r."status2xx" + EXCLUDED."status2xx",
    "status3xx" = r."status3xx" + EXCLUDED."status3xx",
    "status4xx" = r."status4xx" + EXCLUDED."status4xx",
    "status5xx" = r."status5xx" + EXCLUDED."status5xx",
    "blocked" = r."blocked" + EXCLUDED."blocked",
    "durationSum" = r."durationSum" + EXCLUDED."durationSum",
    "durationMin" = least(r."durationMin", EXCLUDED."durationMin"),
    "durationMax" = greatest(r."durationMax", EXCLUDED."durationMax")
),
histograms AS (
  -- Counts arrive as array literals with their lower bound ('[12:14]={1,0,3}'): the first bin of the cell.
  INSERT INTO "LatencyHistogram" AS h ("environmentId", "bucketId", "period", "periodStart", "counts")
  SELECT env, b, p, st, c::int[]
  FROM unnest($15::text[], $16::text[], $17::int[], $18::timestamptz[], $19::text[]) WITH ORDINALITY AS t(env, b, p, st, c, ord)
  ORDER BY ord
  ON CONFLICT ("environmentId", "period", "periodStart", "bucketId") DO UPDATE SET "counts" = latency_counts_add(h."counts", EXCLUDED."counts")
)${routeRollups ? `,\n${ADD_ROUTE_ROLLUPS_CTES}` : ''}
INSERT INTO "ErrorRollup" AS er ("environmentId", "bucketId", "period", "periodStart", "method", "route", "status", "count")
SELECT env, b, p, st, m, ro, s, n
FROM unnest($20::text[], $21::text[], $22::int[], $23::timestamptz[], $24::text[], $25::text[], $26::int[], $27::int[]) WITH ORDINALITY
  AS t(env, b, p, st, m, ro, s, n, ord)
ORDER BY ord
ON CONFLICT ("environmentId", "period", "periodStart", "bucketId", "method", "route", "status")
DO UPDATE SET "count" = er."count" + EXCLUDED."count"`;
const ADD_ROLLUPS_SQL = addRollupsSql(true);
const ADD_ROLLUPS_WITHOUT_ROUTES_SQL = addRollupsSql(false);

async function addRollups(
  tx: SqlClient,
  { rollups, histograms, errors, routes }: RollupDeltas,
  routeRollups: boolean,
): Promise<void> {
  if (rollups.length === 0) return;
  const iso = (d: Date) => d.toISOString();
  const routeParams = [
    routes.map((r) => r.environmentId),
    routes.map((r) => r.bucketId),
    routes.map((r) => r.period),
    routes.map((r) => iso(r.periodStart)),
    routes.map((r) => r.method),
    routes.map((r) => r.route),
    routes.map((r) => r.count),
    routes.map((r) => r.status4xx),
    routes.map((r) => r.status5xx),
    routes.map((r) => r.durationSum),
    routes.map((r) => r.durationMin),
    routes.map((r) => r.durationMax),
    routes.map((r) => `[${r.firstBin}:${r.firstBin + r.counts.length - 1}]={${r.counts.join(',')}}`),
    ROUTES_PER_CELL,
  ];
  // Prepared, so a batch can skip planning: the route CTEs made planning about 0.4 ms longer (run 31); prepared,
  // route rollups' extra time in this statement went from 4.2-5.0 to 2.4-3.2 ms a batch on PostgreSQL (run 39),
  // and the whole statement on PGlite from 24.7 to 20.1 ms (run 50).
  const [text, name] = routeRollups
    ? [ADD_ROLLUPS_SQL, 'store_requests_add_rollups']
    : [ADD_ROLLUPS_WITHOUT_ROUTES_SQL, 'store_requests_add_rollups_without_routes'];
  const addCells = (params: readonly unknown[]) => tx.query(text, params, { prepareAs: name });
  await addCells([
    rollups.map((r) => r.environmentId),
    rollups.map((r) => r.bucketId),
    rollups.map((r) => r.period),
    rollups.map((r) => iso(r.periodStart)),
    rollups.map((r) => r.count),
    ...[0, 1, 2, 3, 4].map((k) => rollups.map((r) => r.byStatusClass[k]!)),
    rollups.map((r) => r.blocked),
    rollups.map((r) => r.durationSum),
    rollups.map((r) => r.durationMin),
    rollups.map((r) => r.durationMax),
    histograms.map((h) => h.environmentId),
    histograms.map((h) => h.bucketId),
    histograms.map((h) => h.period),
    histograms.map((h) => iso(h.periodStart)),
    histograms.map((h) => `[${h.firstBin}:${h.firstBin + h.counts.length - 1}]={${h.counts.join(',')}}`),
    errors.map((e) => e.environmentId),
    errors.map((e) => e.bucketId),
    errors.map((e) => e.period),
    errors.map((e) => iso(e.periodStart)),
    errors.map((e) => e.method),
    errors.map((e) => e.route),
    errors.map((e) => e.status),
    errors.map((e) => e.count),
    ...(routeRollups ? routeParams : []),
  ]);
}

const isUniqueViolation = (error: unknown) => someErrorInChain(error, (candidate) => candidate.code === '23505');

/**
 * Stores records and adds them to the rollups, in one transaction (joining the caller's when there is
 * one), so rollups never disagree with the rows after a crash. A record whose publicId, or (environment,
 * bucket, externalId), is already stored is skipped, which makes re-sent batches and re-run seeds idempotent.
 * Returns the publicIds stored. `routeRollups: false` is for the benchmark's baseline only: it leaves
 * RouteRollup unwritten, so endpoints would miss these requests.
 */
export async function storeRequests(
  sql: SqlClient,
  records: readonly RequestRecord[],
  { routeRollups = true } = {},
): Promise<string[]> {
  if (records.length === 0) return [];
  return sql.transaction(async (tx) => {
    let stored: readonly RequestRecord[] = records;
    const values = records.map(requestValues);
    // The common case, a batch of new records, goes in through COPY; a conflict undoes only the COPY.
    await tx.query('SAVEPOINT store_requests');
    try {
      await tx.copyRows('Request', COLUMN_NAMES, values.map(copyRow).join(''));
      await tx.query('RELEASE SAVEPOINT store_requests');
    } catch (error) {
      if (!isUniqueViolation(error)) throw error;
      await tx.query('ROLLBACK TO SAVEPOINT store_requests');
      const inserted = await insertSkippingConflicts(tx, values);
      // delete(): a publicId repeated within the batch was stored, and is counted, once.
      stored = records.filter((r) => inserted.delete(r.publicId));
    }
    await addRollups(tx, rollupDeltas(stored, { routes: routeRollups }), routeRollups);
    return stored.map((r) => r.publicId);
  });
}
