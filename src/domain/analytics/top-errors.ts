import type { SqlClient } from '../../db/sql-client.ts';
import { ERROR_PERIODS } from '../ingest/store-requests.ts';
import type { TimeRange } from '../time/time-range.ts';
import { planSegments } from './period-plan.ts';
import { rollupScopeConditions, scopeConditions, SqlParams } from './sql-params.ts';
import { filterConditions, type RequestFilter } from './request-filter.ts';
import { UserInputError } from '../../errors.ts';
import type { TrafficScope } from './traffic-scope.ts';

export interface ErrorGroup {
  method: string;
  route: string;
  status: number;
  count: number;
}

/**
 * The most frequent (method, route, status) among 4xx/5xx responses: whole hours and days from the error
 * rollups, the ragged ends from raw rows.
 */
export async function topErrorGroups(
  sql: SqlClient,
  scope: TrafficScope,
  range: TimeRange,
  limit: number,
  filter: Pick<RequestFilter, 'methods' | 'status' | 'statusClasses'> | null = null,
): Promise<ErrorGroup[]> {
  const unsupported = Object.entries(filter ?? {}).filter(([key, value]) => !['methods', 'status', 'statusClasses'].includes(key) && value !== null && value !== undefined);
  if (unsupported.length > 0) throw new UserInputError(`filter: top error groups can be narrowed by methods, status and statusClasses only`, 'filter');
  const params = new SqlParams();
  // Only columns the error rollups keep can narrow the groups.
  const narrowing = () => filterConditions(params, { methods: filter?.methods, status: filter?.status, statusClasses: filter?.statusClasses });
  const branches = planSegments(range.from, range.to, ERROR_PERIODS).map((segment) => {
    if (segment.period === 0) {
      const where = scopeConditions(params, scope);
      where.push(`"status" >= 400`, `"timestamp" >= ${params.add(segment.from)}`, `"timestamp" < ${params.add(segment.to)}`, ...narrowing());
      return `SELECT "method", "route", "status", count(*)::int AS n FROM "Request" WHERE ${where.join(' AND ')} GROUP BY 1, 2, 3`;
    }
    const where = rollupScopeConditions(params, scope);
    where.push(`"period" = ${params.add(segment.period)}`, `"periodStart" >= ${params.add(segment.from)}`, `"periodStart" < ${params.add(segment.to)}`, ...narrowing());
    return `SELECT "method", "route", "status", "count" AS n FROM "ErrorRollup" WHERE ${where.join(' AND ')}`;
  });
  const groups = await sql.query<{ method: string; route: string; status: number; n: number }>(
    `SELECT "method" AS method, "route" AS route, "status" AS status, sum(n)::int AS n FROM (${branches.join('\nUNION ALL\n')}) AS parts
     GROUP BY 1, 2, 3 ORDER BY 4 DESC, 1, 2, 3 LIMIT ${params.add(limit)}`,
    params.values,
  );
  return groups.map((g) => ({ method: g.method, route: g.route, status: Number(g.status), count: Number(g.n) }));
}
