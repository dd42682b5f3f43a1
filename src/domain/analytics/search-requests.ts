import type { SqlClient } from '../../db/sql-client.ts';
import type { TimeRange } from '../time/time-range.ts';
import type { RequestRecord } from '../ingest/request-record.ts';
import { countMatching } from './metrics.ts';
import { decodeCursor, encodeCursor } from './request-cursor.ts';
import { filterConditions, type RequestFilter } from './request-filter.ts';
import { scopeConditions, SqlParams } from './sql-params.ts';
import type { TrafficScope } from './traffic-scope.ts';
import { scanInSlices, withStatementTimeout, type SliceAnswer } from './free-text-budget.ts';
import { assertFreeTextRange } from './free-text-limits.ts';

/** The columns of a list row; headers and bodies are loaded only when a caller asks for them. */
export type RequestRow = Pick<
  RequestRecord,
  | 'publicId'
  | 'environmentId'
  | 'bucketId'
  | 'timestamp'
  | 'method'
  | 'url'
  | 'host'
  | 'path'
  | 'route'
  | 'query'
  | 'status'
  | 'durationMs'
  | 'requestSize'
  | 'responseSize'
  | 'clientIp'
  | 'userAgent'
  | 'blocked'
  | 'blockedReason'
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
  return {
    ...(row as unknown as RequestRow),
    id: BigInt(row.id as string | number),
    durationMs: Number(row.durationMs),
  };
}

/** One statement's worth: the page rows (up to `limit`) and, when asked, the count, over `range`. */
async function pageAndCount(
  sql: SqlClient,
  scope: TrafficScope,
  range: TimeRange,
  options: SearchOptions,
  limit: number,
): Promise<SliceAnswer<Record<string, unknown>>> {
  const params = new SqlParams();
  const where = [
    ...scopeConditions(params, scope),
    `"timestamp" >= ${params.add(range.from)}`,
    `"timestamp" < ${params.add(range.to)}`,
    ...filterConditions(params, options.filter),
  ];
  if (options.after) {
    const cursor = decodeCursor(options.after);
    where.push(`("timestamp", "id") < (${params.add(cursor.timestamp)}, ${params.add(cursor.id.toString())}::bigint)`);
  }
  const pageQuery =
    limit === 0
      ? Promise.resolve([])
      : sql.query(
          `SELECT ${REQUEST_ROW_COLUMNS} FROM "Request" WHERE ${where.join(' AND ')} ORDER BY "timestamp" DESC, "id" DESC LIMIT ${params.add(limit)}`,
          params.values,
        );
  const countQuery = options.count === false ? null : countMatching(sql, scope, range, options.filter);
  const [rows, count] = await Promise.all([pageQuery, countQuery]);
  return { rows, count };
}

/**
 * Free text cannot use an index, so it runs bounded (free-text-limits.ts): at most 7 days, and within a
 * time budget — a statement timeout on PostgreSQL, deadline-checked slices on PGlite.
 */
function boundedSearch(
  sql: SqlClient,
  scope: TrafficScope,
  options: SearchOptions,
): Promise<SliceAnswer<Record<string, unknown>>> {
  const limit = options.first + 1;
  if (!options.filter?.query?.trim()) return pageAndCount(sql, scope, options.range, options, limit);
  assertFreeTextRange(options.range, 'range');
  if (sql.engine === 'postgresql')
    return withStatementTimeout(sql, 'filter.query', (tx) => pageAndCount(tx, scope, options.range, options, limit));
  return scanInSlices(options.range, limit, options.count !== false, 'filter.query', (part, want) =>
    pageAndCount(sql, scope, part, options, want),
  );
}

/**
 * Newest first, keyset-paginated on (timestamp, id): a page never shifts when new requests arrive.
 * The total is exact: from rollups when only buckets or status classes narrow the set, else counted.
 */
export async function searchRequests(
  sql: SqlClient,
  scope: TrafficScope,
  options: SearchOptions,
): Promise<RequestPage> {
  const { rows, count: totalCount } = await boundedSearch(sql, scope, options);
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
