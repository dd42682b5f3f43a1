import type { SqlClient } from '../../db/sql-client.ts';
import type { RequestRecord } from './request-record.ts';

// One INSERT per batch through unnest(): one round trip and one plan, instead of a statement per row.
const INSERT_SQL = `
INSERT INTO "Request" (
  "publicId", "externalId", "accountId", "environmentId", "bucketId", "timestamp", "method", "url", "host", "path",
  "query", "status", "durationMs", "requestHeaders", "requestBody", "requestBodyTruncated", "requestSize",
  "responseHeaders", "responseBody", "responseBodyTruncated", "responseSize", "clientIp", "userAgent", "blocked", "blockedReason"
)
SELECT p, e, a, env, b, ts, m, u, h, pa, q, s, d, rh::jsonb, rb, rbt, rs, sh::jsonb, sb, sbt, ss, ip, ua, bl, br
FROM unnest(
  $1::text[], $2::text[], $3::text[], $4::text[], $5::text[], $6::timestamptz[], $7::text[], $8::text[], $9::text[], $10::text[],
  $11::text[], $12::int[], $13::float8[], $14::text[], $15::text[], $16::bool[], $17::int[],
  $18::text[], $19::text[], $20::bool[], $21::int[], $22::text[], $23::text[], $24::bool[], $25::text[]
) AS t(p, e, a, env, b, ts, m, u, h, pa, q, s, d, rh, rb, rbt, rs, sh, sb, sbt, ss, ip, ua, bl, br)
ON CONFLICT DO NOTHING
RETURNING "publicId"`;

/**
 * Stores records in one statement. A record whose publicId, or (bucket, externalId), is already stored
 * is skipped, which makes re-sent batches and re-run seeds idempotent. Returns the publicIds stored.
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
