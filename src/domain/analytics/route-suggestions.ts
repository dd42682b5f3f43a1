import type { SqlClient } from '../../db/sql-client.ts';
import { ROUTE_PERIODS } from '../ingest/rollup-periods.ts';
import { canonicalRouteTemplate, sameRouteTemplate } from './route-templates.ts';
import { routeRollupScopeConditions, SqlParams } from './sql-params.ts';
import type { TrafficScope } from './traffic-scope.ts';

/** How far back a route counts as known: long enough to span a quiet endpoint's weeks, short of a full scan. */
export const KNOWN_ROUTE_DAYS = 30;
const DAY_SECONDS = ROUTE_PERIODS[ROUTE_PERIODS.length - 1]!;

export interface RouteSuggestions {
  /** True when some endpoint of the scope had requests on this route (in any parameter syntax) in the window. */
  known: boolean;
  /** When not known: the routes that were, nearest first (edit distance with parameters written alike). */
  closest: string[];
}

/** Levenshtein distance, two rows at a time. */
function editDistance(a: string, b: string): number {
  let previous = Array.from({ length: b.length + 1 }, (_, j) => j);
  for (let i = 1; i <= a.length; i++) {
    const current = [i];
    for (let j = 1; j <= b.length; j++)
      current[j] = Math.min(previous[j]! + 1, current[j - 1]! + 1, previous[j - 1]! + (a[i - 1] === b[j - 1] ? 0 : 1));
    previous = current;
  }
  return previous[b.length]!;
}

/**
 * Whether a route filter names an endpoint that had requests in the KNOWN_ROUTE_DAYS days before `until` (the end
 * of the answer that counted nothing, so a question about last year is judged by last year's routes), and if not, the
 * `limit` nearest routes that did. Reads the day rows of RouteRollup (one per bucket, route and day), so its
 * cost grows with routes × days, not with requests. A route past the per-cell bound has no row there and is
 * not suggested; that only costs a suggestion, never a count.
 */
export async function routeSuggestions(
  sql: SqlClient,
  scope: TrafficScope,
  route: string,
  until: Date,
  limit = 3,
): Promise<RouteSuggestions> {
  const params = new SqlParams();
  const where = [
    ...routeRollupScopeConditions(params, scope),
    `"period" = ${params.add(DAY_SECONDS)}`,
    `"periodStart" >= ${params.add(new Date(until.getTime() - KNOWN_ROUTE_DAYS * DAY_SECONDS * 1000))}`,
    `"periodStart" < ${params.add(until)}`,
  ];
  const rows = await sql.query<{ route: string }>(
    `SELECT DISTINCT "route" AS route FROM "RouteRollup" WHERE ${where.join(' AND ')}`,
    params.values,
  );
  const routes = rows.map((row) => row.route);
  if (routes.some((stored) => sameRouteTemplate(route, stored))) return { known: true, closest: [] };
  const wanted = canonicalRouteTemplate(route);
  const closest = routes
    .map((stored) => ({ stored, distance: editDistance(wanted, canonicalRouteTemplate(stored)) }))
    .sort((a, b) => a.distance - b.distance || (a.stored < b.stored ? -1 : a.stored > b.stored ? 1 : 0))
    .slice(0, limit)
    .map((candidate) => candidate.stored);
  return { known: false, closest };
}
