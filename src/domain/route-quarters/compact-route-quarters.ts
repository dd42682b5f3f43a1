import type { SqlClient } from '../../db/sql-client.ts';
import { binSql } from '../analytics/latency-bins.ts';
import { ALL_BUCKETS, ROUTE_QUARTER_PERIOD, ROUTES_PER_CELL } from '../ingest/rollup-periods.ts';

export const QUARTER_MS = ROUTE_QUARTER_PERIOD * 1000;

/** One bucket's quarter hour whose route cells do not add up to the requests its RequestRollup row counts. */
export interface StaleQuarter {
  environmentId: string;
  bucketId: string;
  start: Date;
}

/**
 * True for a RequestRollup quarter row `r` whose bucket's route quarter rows count other than its requests: what
 * makes a quarter stale, for compaction and for every read that trusts route quarter rows.
 */
export const ROUTE_ROWS_DISAGREE_SQL = `r."count" <> coalesce((SELECT sum(c."count") FROM "RouteRollup" AS c
    WHERE c."environmentId" = r."environmentId" AND c."period" = r."period" AND c."periodStart" = r."periodStart"
      AND c."bucketId" = r."bucketId"), 0)`;

/**
 * The quarters of one environment in [from, to) whose RouteRollup quarter rows are missing or count fewer
 * requests than RequestRollup's quarter row (which ingest keeps exact): never built, or a request stamped in
 * that quarter arrived after it was built. A quarter left unbuilt for its routes (RouteQuarterSkip) is passed
 * over while it counts what it counted then. Newest first, through RequestRollup's primary key.
 */
const STALE_SQL = `
SELECT r."bucketId" AS b, r."periodStart" AS st FROM "RequestRollup" AS r
WHERE r."environmentId" = $1 AND r."period" = $2 AND r."periodStart" >= $3 AND r."periodStart" < $4 AND r."bucketId" <> $5
  AND ${ROUTE_ROWS_DISAGREE_SQL}
  AND NOT EXISTS (SELECT 1 FROM "RouteQuarterSkip" AS s WHERE s."environmentId" = r."environmentId"
    AND s."periodStart" = r."periodStart" AND s."bucketId" = r."bucketId" AND s."count" = r."count")
ORDER BY r."periodStart" DESC
LIMIT $6`;

/**
 * Every route row of one bucket's quarters in [$3, $4) rebuilt from the raw rows, replacing what is there: the
 * same counts, bins (binSql), status classes and extremes ingest folds into the hour rows. A quarter holding
 * more routes than ROUTES_PER_CELL is left unbuilt, so it stays stale and reads take it from raw rows: the bound
 * on route rows holds for quarters as for hours. Such a quarter is recorded in RouteQuarterSkip with the requests
 * it held (counted in the same snapshot), so compaction does not read it again until a late request changes that
 * count. Returns the quarters built and skipped. Routes only ever gain requests (raw rows go only with retention,
 * past which quarters are not rebuilt), so nothing is deleted. One contiguous span of one bucket per
 * statement, with its bounds as plain parameters, so the planner reads it by the (environment, bucket, time)
 * index from its own estimate (joined to a list of quarters it guessed tens of thousands of rows each).
 */
const REBUILD_SQL = `
WITH binned AS (
  SELECT to_timestamp(floor(extract(epoch FROM "timestamp") / ${ROUTE_QUARTER_PERIOD}) * ${ROUTE_QUARTER_PERIOD}) AS st,
    "method" AS m, "route" AS ro, ${binSql('"durationMs"')}::int AS bin, count(*) AS n,
    count(*) FILTER (WHERE "status" >= 400 AND "status" < 500) AS s4, count(*) FILTER (WHERE "status" >= 500) AS s5,
    sum("durationMs") AS dsum, min("durationMs") AS dmin, max("durationMs") AS dmax
  FROM "Request" WHERE "environmentId" = $1 AND "bucketId" = $2 AND "timestamp" >= $3 AND "timestamp" < $4
  GROUP BY 1, 2, 3, 4
),
routes AS (
  SELECT st, m, ro, sum(n)::int AS n, sum(s4)::int AS s4, sum(s5)::int AS s5, sum(dsum) AS dsum, min(dmin) AS dmin,
    max(dmax) AS dmax, latency_counts_of(array_agg(bin), array_agg(n)::bigint[]) AS c, count(*) OVER (PARTITION BY st) AS routes
  FROM binned GROUP BY st, m, ro
),
built AS (
INSERT INTO "RouteRollup" AS rr ("environmentId", "bucketId", "period", "periodStart", "method", "route", "count", "status4xx",
  "status5xx", "durationSum", "durationMin", "durationMax", "counts")
SELECT $1, $2, ${ROUTE_QUARTER_PERIOD}, st, m, ro, n, s4, s5, dsum, dmin, dmax, c FROM routes WHERE routes <= $5
ON CONFLICT ("environmentId", "period", "periodStart", "bucketId", "method", "route") DO UPDATE SET
  "count" = EXCLUDED."count", "status4xx" = EXCLUDED."status4xx", "status5xx" = EXCLUDED."status5xx",
  "durationSum" = EXCLUDED."durationSum", "durationMin" = EXCLUDED."durationMin", "durationMax" = EXCLUDED."durationMax",
  "counts" = EXCLUDED."counts"
RETURNING "periodStart"
),
skipped AS (
  INSERT INTO "RouteQuarterSkip" AS s ("environmentId", "bucketId", "periodStart", "count")
  SELECT $1, $2, st, sum(n)::int FROM routes WHERE routes > $5 GROUP BY st
  ON CONFLICT ("environmentId", "periodStart", "bucketId") DO UPDATE SET "count" = EXCLUDED."count"
  RETURNING 1
)
SELECT (SELECT count(DISTINCT "periodStart") FROM built)::int AS built, (SELECT count(*) FROM skipped)::int AS skipped`;

/** Up to `limit` stale quarters of one environment starting in [from, to), newest first. */
export async function staleRouteQuarters(
  sql: SqlClient,
  environmentId: string,
  from: Date,
  to: Date,
  limit: number,
): Promise<StaleQuarter[]> {
  const rows = await sql.query<{ b: string; st: Date | string }>(STALE_SQL, [
    environmentId,
    ROUTE_QUARTER_PERIOD,
    from,
    to,
    ALL_BUCKETS,
    limit,
  ]);
  return rows.map((row) => ({ environmentId, bucketId: row.b, start: new Date(row.st) }));
}

/**
 * Quarters rebuilt per statement: bounds one statement's raw rows (a dense quarter holds thousands), and on PGlite,
 * which runs in this process's thread, how long one statement keeps requests waiting.
 */
const QUARTERS_PER_STATEMENT = 8;

/** Stale quarters as spans of consecutive quarters of one bucket, at most QUARTERS_PER_STATEMENT long. */
export function contiguousSpans(stale: readonly StaleQuarter[]): { bucketId: string; from: number; to: number }[] {
  const spans: { bucketId: string; from: number; to: number }[] = [];
  const sorted = [...stale].sort(
    (a, b) => a.bucketId.localeCompare(b.bucketId) || a.start.getTime() - b.start.getTime(),
  );
  for (const quarter of sorted) {
    const start = quarter.start.getTime();
    const last = spans.at(-1);
    if (
      last?.bucketId === quarter.bucketId &&
      last.to === start &&
      last.to - last.from < QUARTERS_PER_STATEMENT * QUARTER_MS
    )
      last.to = start + QUARTER_MS;
    else spans.push({ bucketId: quarter.bucketId, from: start, to: start + QUARTER_MS });
  }
  return spans;
}

export interface CompactionOutcome {
  /** Stale quarters rebuilt (one per environment, bucket and quarter). */
  rebuilt: number;
  /** Stale quarters left unbuilt for holding more routes than ROUTES_PER_CELL (recorded in RouteQuarterSkip). */
  skipped: number;
  /** The oldest stale quarter start rebuilt or skipped; null when none was stale. */
  oldest: Date | null;
}

/**
 * Finds up to `limit` stale quarters per environment starting in [from, to), newest first, and rebuilds them
 * from raw rows. Safe beside ingest and beside another compaction: a request committed after a rebuild read
 * its quarter leaves the route rows short of RequestRollup's count again, so reads take that quarter from raw
 * rows until the next compaction rebuilds it. Only quarters that have ended belong in [from, to). Once `signal`
 * is aborted (shutdown) no further environment or span is started; what is left stays stale for the next run.
 */
export async function compactRouteQuarters(
  sql: SqlClient,
  from: Date,
  to: Date,
  limit: number,
  signal?: AbortSignal,
): Promise<CompactionOutcome> {
  const environments = await sql.query<{ id: string }>('SELECT id FROM "Environment" ORDER BY id');
  let rebuilt = 0;
  let skipped = 0;
  let oldest: Date | null = null;
  for (const { id } of environments) {
    if (signal?.aborted) break;
    const stale = await staleRouteQuarters(sql, id, from, to, limit);
    for (const span of contiguousSpans(stale)) {
      if (signal?.aborted) break;
      const [row] = await sql.query<{ built: number; skipped: number }>(REBUILD_SQL, [
        id,
        span.bucketId,
        new Date(span.from),
        new Date(span.to),
        ROUTES_PER_CELL,
      ]);
      rebuilt += Number(row?.built ?? 0);
      skipped += Number(row?.skipped ?? 0);
    }
    const last = stale.at(-1);
    if (last && (oldest === null || last.start < oldest)) oldest = last.start;
  }
  return { rebuilt, skipped, oldest };
}

/** The start of the quarter holding `ms`. */
export const quarterFloor = (ms: number) => Math.floor(ms / QUARTER_MS) * QUARTER_MS;

/**
 * Every stale quarter in [from, to) rebuilt, a day at a time from the newest: what the schedule's ticks reach
 * over time, at once (a bulk load, or the benchmarks' seeded databases).
 */
export async function compactRouteQuartersBetween(sql: SqlClient, from: Date, to: Date): Promise<CompactionOutcome> {
  const day = 86_400_000;
  let rebuilt = 0;
  let skipped = 0;
  for (let end = to.getTime(); end > from.getTime(); end -= day) {
    const start = Math.max(from.getTime(), end - day);
    const outcome = await compactRouteQuarters(sql, new Date(start), new Date(end), Number.MAX_SAFE_INTEGER);
    rebuilt += outcome.rebuilt;
    skipped += outcome.skipped;
  }
  return { rebuilt, skipped, oldest: null };
}
