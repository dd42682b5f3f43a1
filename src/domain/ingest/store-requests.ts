import type { SqlClient } from '../../db/sql-client.ts';
import { binSql } from '../analytics/latency-bins.ts';
import type { RequestRecord } from './request-record.ts';

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
const ALL_BUCKETS_SQL = `CASE WHEN grouping(bucket) = 1 THEN '${ALL_BUCKETS}' ELSE bucket END`;

const periodStart = (period: string) => `to_timestamp(floor(extract(epoch from i."timestamp") / ${period}) * ${period})`;

// One statement per batch: the rows go in through unnest() (one round trip, one plan), and the rollups
// are updated from what was actually inserted (RETURNING), so a skipped duplicate is never counted twice
// and rollups can never disagree with the rows after a crash. (PostgreSQL runs every data-modifying
// CTE to completion whether or not the outer query reads it.)
const INSERT_SQL = `
WITH ins AS (
  INSERT INTO "Request" (
    "publicId", "externalId", "accountId", "environmentId", "bucketId", "timestamp", "method", "url", "host", "path",
    "route", "query", "status", "durationMs", "requestHeaders", "requestBody", "requestBodyTruncated", "requestSize",
    "responseHeaders", "responseBody", "responseBodyTruncated", "responseSize", "clientIp", "userAgent", "blocked", "blockedReason"
  )
  SELECT p, e, a, env, b, ts, m, u, h, pa, ro, q, s, d, rh::jsonb, rb, rbt, rs, sh::jsonb, sb, sbt, ss, ip, ua, bl, br
  FROM unnest(
    $1::text[], $2::text[], $3::text[], $4::text[], $5::text[], $6::timestamptz[], $7::text[], $8::text[], $9::text[], $10::text[],
    $11::text[], $12::text[], $13::int[], $14::float8[], $15::text[], $16::text[], $17::bool[], $18::int[],
    $19::text[], $20::text[], $21::bool[], $22::int[], $23::text[], $24::text[], $25::bool[], $26::text[]
  ) AS t(p, e, a, env, b, ts, m, u, h, pa, ro, q, s, d, rh, rb, rbt, rs, sh, sb, sbt, ss, ip, ua, bl, br)
  ON CONFLICT DO NOTHING
  RETURNING "publicId", "environmentId", "bucketId", "timestamp", "method", "route", "status", "durationMs", "blocked"
),
expanded AS (
  SELECT i."environmentId" AS env, i."bucketId" AS bucket, p.period, ${periodStart('p.period')} AS start,
    i.method, i.route, i.status, i."durationMs" AS d, ${binSql('i."durationMs"')} AS bin, i.blocked, p.period = ANY(ARRAY[${HISTOGRAM_PERIODS.join(', ')}]) AS with_histogram,
    p.period = ANY(ARRAY[${ERROR_PERIODS.join(', ')}]) AS with_errors
  FROM ins i CROSS JOIN (VALUES ${ROLLUP_PERIODS.map((p) => `(${p})`).join(', ')}) AS p(period)
),
rollups AS (
  INSERT INTO "RequestRollup" AS r (
    "environmentId", "bucketId", "period", "periodStart", "count", "status1xx", "status2xx", "status3xx", "status4xx",
    "status5xx", "blocked", "durationSum", "durationMin", "durationMax"
  )
  SELECT env, ${ALL_BUCKETS_SQL}, period, start, count(*),
    count(*) FILTER (WHERE status < 200), count(*) FILTER (WHERE status BETWEEN 200 AND 299),
    count(*) FILTER (WHERE status BETWEEN 300 AND 399), count(*) FILTER (WHERE status BETWEEN 400 AND 499),
    count(*) FILTER (WHERE status >= 500), count(*) FILTER (WHERE blocked), sum(d), min(d), max(d)
  FROM expanded
  GROUP BY GROUPING SETS ((env, bucket, period, start), (env, period, start))
  ORDER BY 1, 3, 4, 2
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
histogram_bins AS (
  SELECT env, ${ALL_BUCKETS_SQL} AS bucket, period, start, bin, count(*) AS n
  FROM expanded WHERE with_histogram
  GROUP BY GROUPING SETS ((env, bucket, period, start, bin), (env, period, start, bin))
),
histograms AS (
  INSERT INTO "LatencyHistogram" AS h ("environmentId", "bucketId", "period", "periodStart", "counts")
  SELECT env, bucket, period, start, latency_counts_of(array_agg(bin::int), array_agg(n))
  FROM histogram_bins
  GROUP BY env, bucket, period, start
  ORDER BY 1, 3, 4, 2
  ON CONFLICT ("environmentId", "period", "periodStart", "bucketId") DO UPDATE SET "counts" = latency_counts_add(h."counts", EXCLUDED."counts")
),
errors AS (
  INSERT INTO "ErrorRollup" AS er ("environmentId", "bucketId", "period", "periodStart", "method", "route", "status", "count")
  SELECT env, ${ALL_BUCKETS_SQL}, period, start, method, route, status, count(*)
  FROM expanded WHERE with_errors AND status >= 400
  GROUP BY GROUPING SETS ((env, bucket, period, start, method, route, status), (env, period, start, method, route, status))
  ORDER BY 1, 3, 4, 2, 5, 6, 7
  ON CONFLICT ("environmentId", "period", "periodStart", "bucketId", "method", "route", "status")
  DO UPDATE SET "count" = er."count" + EXCLUDED."count"
)
SELECT "publicId" FROM ins`;

/**
 * Stores records and their rollups in one statement. A record whose publicId, or (bucket, externalId), is
 * already stored is skipped, which makes re-sent batches and re-run seeds idempotent. Returns the
 * publicIds stored.
 */
export async function storeRequests(sql: SqlClient, records: readonly RequestRecord[]): Promise<string[]> {
  if (records.length === 0) return [];
  const column = <T>(pick: (r: RequestRecord) => T) => records.map(pick);
  const rows = await sql.query<{ publicId: string }>(INSERT_SQL, [
    column((r) => r.publicId),
    column((r) => r.externalId),
    column((r) => r.accountId),
    column((r) => r.environmentId),
    column((r) => r.bucketId),
    column((r) => r.timestamp.toISOString()),
    column((r) => r.method),
    column((r) => r.url),
    column((r) => r.host),
    column((r) => r.path),
    column((r) => r.route),
    column((r) => r.query),
    column((r) => r.status),
    column((r) => r.durationMs),
    column((r) => JSON.stringify(r.requestHeaders)),
    column((r) => r.requestBody),
    column((r) => r.requestBodyTruncated),
    column((r) => r.requestSize),
    column((r) => JSON.stringify(r.responseHeaders)),
    column((r) => r.responseBody),
    column((r) => r.responseBodyTruncated),
    column((r) => r.responseSize),
    column((r) => r.clientIp),
    column((r) => r.userAgent),
    column((r) => r.blocked),
    column((r) => r.blockedReason),
  ]);
  return rows.map((row) => row.publicId);
}
