import type { SqlClient } from '../../db/sql-client.ts';
import type { TimeRange } from '../time/time-range.ts';
import type { RequestRecord } from '../ingest/request-record.ts';
import { countMatching } from './metrics.ts';
import { decodeCursor, encodeCursor } from './request-cursor.ts';
import { filterConditions, type RequestFilter } from './request-filter.ts';
import { scopeConditions, SqlParams } from './sql-params.ts';
import type { TrafficScope } from './traffic-scope.ts';

/** The columns of a list row; headers and bodies are loaded only when a caller asks for them. */
export type RequestRow = Pick<
  RequestRecord,
  | 'publicId' | 'environmentId' | 'bucketId' | 'timestamp' | 'method' | 'url' | 'host' | 'path' | 'route' | 'query' | 'status'
  | 'durationMs' | 'requestSize' | 'responseSize' | 'clientIp' | 'userAgent' | 'blocked' | 'blockedReason'
> & { id: bigint };

export const REQUEST_ROW_COLUMNS = `"id", "publicId", "environmentId", "bucketId", "timestamp", "method", "url", "host", "path", "route", "query",
  "status", "durationMs", "requestSize", "responseSize", "clientIp", "userAgent", "blocked", "blockedReason"`;

export interface RequestPage {
  rows: (RequestRow & { cursor: string })[];
  hasNextPage: boolean;
  endCursor: string | null;
  /** null when the caller did not ask for it (`count: false`). */
  totalCount: number | null;
  range: TimeRange;
}

export interface SearchOptions {
  range: TimeRange;
  filter?: RequestFilter | null;
  first: number;
  after?: string | null;
  /** Count every match too (default). An export paging through thousands of pages counts once, not per page. */
  count?: boolean;
}

export function toRequestRow(row: Record<string, unknown>): RequestRow {
  return { ...(row as unknown as RequestRow), id: BigInt(row.id as string | number), durationMs: Number(row.durationMs) };
}

/**
 * Newest first, keyset-paginated on (timestamp, id): a page never shifts when new requests arrive.
 * The total is exact: from rollups when only buckets or status classes narrow the set, else counted.
 */
export async function searchRequests(sql: SqlClient, scope: TrafficScope, options: SearchOptions): Promise<RequestPage> {
  const params = new SqlParams();
  const where = [
    ...scopeConditions(params, scope),
    `"timestamp" >= ${params.add(options.range.from)}`,
    `"timestamp" < ${params.add(options.range.to)}`,
    ...filterConditions(params, options.filter),
  ];
  const pageWhere = [...where];
  if (options.after) {
    const cursor = decodeCursor(options.after);
    pageWhere.push(`("timestamp", "id") < (${params.add(cursor.timestamp)}, ${params.add(cursor.id.toString())}::bigint)`);
  }
  const limit = params.add(options.first + 1);
  const pageQuery = sql.query(
    `SELECT ${REQUEST_ROW_COLUMNS} FROM "Request" WHERE ${pageWhere.join(' AND ')} ORDER BY "timestamp" DESC, "id" DESC LIMIT ${limit}`,
    params.values,
  );
  const countQuery = options.count === false ? null : countMatching(sql, scope, options.range, options.filter);
  const [rows, totalCount] = await Promise.all([pageQuery, countQuery]);
  const page = rows.slice(0, options.first).map((raw) => {
    const row = toRequestRow(raw);
    return { ...row, cursor: encodeCursor({ timestamp: row.timestamp, id: row.id }) };
  });
  return {
    rows: page,
    hasNextPage: rows.length > options.first,
    endCursor: page.at(-1)?.cursor ?? null,
    totalCount,
    range: options.range,
  };
}
