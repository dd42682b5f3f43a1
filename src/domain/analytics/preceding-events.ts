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
  const latest = Math.max(...times.map((t) => t.getTime()));
  const earliest = Math.min(...times.map((t) => t.getTime())) - EVENT_LOOKBACK_MS;
  const params = new SqlParams();
  const where = [
    `"environmentId" = ${params.add(scope.environmentId)}`,
    `"startedAt" >= ${params.add(new Date(earliest))}`,
    `"startedAt" < ${params.add(new Date(latest))}`,
  ];
  if (scope.bucketIds !== null)
    where.push(`("bucketId" IS NULL OR "bucketId" = ANY(${params.add(scope.bucketIds)}::text[]))`);
  const rows = await sql.query<{
    id: string;
    type: string;
    title: string;
    version: string | null;
    startedAt: Date | string;
  }>(
    `SELECT "id", "type"::text AS type, "title", "version", "startedAt" FROM "Event" WHERE ${where.join(' AND ')} ORDER BY "startedAt" DESC, "id" DESC LIMIT 1000`,
    params.values,
  );
  const events = rows.map((row) => ({ ...row, startedAt: new Date(row.startedAt) }));
  return times.map(
    (time) =>
      events.find(
        (e) => e.startedAt.getTime() < time.getTime() && e.startedAt.getTime() >= time.getTime() - EVENT_LOOKBACK_MS,
      ) ?? null,
  );
}
