import type { SqlClient } from '../../db/sql-client.ts';
import { SqlParams } from './sql-params.ts';
import type { TrafficScope } from './traffic-scope.ts';

/** An event as an anomaly names it. */
export interface EventMark {
  id: string;
  type: string;
  title: string;
  version: string | null;
  startedAt: Date;
}

/** How far back an event may be and still be named as the one before an anomaly. */
export const EVENT_LOOKBACK_MS = 7 * 86_400_000;

/**
 * For each time (the end of a point), the latest event of the scope started before it (within EVENT_LOOKBACK_MS),
 * or null: one starting at that very instant came after the point and cannot explain it.
 * Bucket-limited scopes see their buckets' events and environment-wide ones, as `events` lists them.
 */
export async function precedingEvents(
  sql: SqlClient,
  scope: TrafficScope,
  times: readonly Date[],
): Promise<(EventMark | null)[]> {
  if (times.length === 0) return [];
  const params = new SqlParams();
  const bounds = `unnest(${params.add(times.map((t) => new Date(t.getTime() - EVENT_LOOKBACK_MS).toISOString()))}::timestamptz[],
    ${params.add(times.map((t) => t.toISOString()))}::timestamptz[]) WITH ORDINALITY AS t(lo, hi, i)`;
  const where = [`"environmentId" = ${params.add(scope.environmentId)}`, `"startedAt" >= t.lo`, `"startedAt" < t.hi`];
  if (scope.bucketIds !== null)
    where.push(`("bucketId" IS NULL OR "bucketId" = ANY(${params.add(scope.bucketIds)}::text[]))`);
  // One probe of the (environmentId, startedAt) index per time: a single read of every event over the span of
  // the times, capped, left the earliest times without their event once later ones had many.
  const rows = await sql.query<{
    i: number | string;
    id: string;
    type: string;
    title: string;
    version: string | null;
    startedAt: Date | string;
  }>(
    `SELECT t.i, e.* FROM ${bounds} CROSS JOIN LATERAL (
      SELECT "id", "type"::text AS type, "title", "version", "startedAt" FROM "Event" WHERE ${where.join(' AND ')}
      ORDER BY "startedAt" DESC, "id" DESC LIMIT 1) AS e`,
    params.values,
  );
  const found: (EventMark | null)[] = times.map(() => null);
  for (const { i, ...event } of rows) found[Number(i) - 1] = { ...event, startedAt: new Date(event.startedAt) };
  return found;
}
