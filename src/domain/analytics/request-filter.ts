import { UserInputError } from '../../errors.ts';
import { escapeLike, type SqlParams } from './sql-params.ts';
import { globToRegexSource } from '../ingest/rules/pattern-safety.ts';
import { assertFreeTextLength } from './free-text-limits.ts';
import { routeCondition } from './route-templates.ts';
import type { StatusClass } from './status-classes.ts';

/** Search filters shared by searchRequests, errors and metrics. Every field narrows; none widens. */
export interface RequestFilter {
  methods?: string[] | null;
  status?: number | null;
  statusClasses?: StatusClass[] | null;
  statusMin?: number | null;
  statusMax?: number | null;
  /** Free text over url, path, host and user agent (case-insensitive). */
  query?: string | null;
  /** A path prefix (`/api/users`) or a glob (`/api/*\/orders`, `*` within a segment, `**` across). */
  path?: string | null;
  /**
   * A route as endpoints list it (`/api/users/:id`, or the `http.route` a client reported), its parameters in any
   * template syntax (`{id}`, `<int:id>`): see route-templates.ts.
   */
  route?: string | null;
  host?: string | null;
  userAgent?: string | null;
  clientIp?: string | null;
  blocked?: boolean | null;
}

const METHOD = /^[A-Za-z]{1,16}$/;

/** True when nothing but status classes narrows the request set (rollups can answer counts). */
export function onlyStatusClasses(filter: RequestFilter | null | undefined): boolean {
  if (!filter) return true;
  return Object.entries(filter).every(
    ([key, value]) =>
      key === 'statusClasses' || value === null || value === undefined || (Array.isArray(value) && value.length === 0),
  );
}

/** True when the filter narrows anything at all. */
export function narrowsRequests(filter: RequestFilter | null | undefined): boolean {
  return !onlyStatusClasses(filter) || Boolean(filter?.statusClasses?.length);
}

export function statusClassCondition(classes: readonly StatusClass[], column = '"status"'): string {
  return `(${classes.map((c) => `(${column} >= ${Number(c[0]) * 100} AND ${column} < ${Number(c[0]) * 100 + 100})`).join(' OR ')})`;
}

/**
 * Refuses a filter whose fields cannot match anything sensible, naming the field (`methods`, `status`,
 * `query`...); a surface names it as its caller wrote it.
 */
export function validateRequestFilter(filter: RequestFilter | null | undefined): void {
  if (!filter) return;
  const bad = filter.methods?.find((m) => !METHOD.test(m));
  if (bad !== undefined)
    throw new UserInputError((name) => `${name('methods')}: "${bad}" is not an HTTP method`, 'methods');
  for (const [field, value] of [
    ['status', filter.status],
    ['statusMin', filter.statusMin],
    ['statusMax', filter.statusMax],
  ] as const) {
    if (value !== null && value !== undefined && (!Number.isInteger(value) || value < 100 || value > 599)) {
      throw new UserInputError((name) => `${name(field)} must be an HTTP status from 100 to 599`, field);
    }
  }
  const path = filter.path?.trim();
  // Stored paths all start with "/": any other prefix would match nothing and read as "no traffic".
  // A glob may start with "**" (any leading segments), which can still match.
  if (path && !path.startsWith('/') && !path.startsWith('**'))
    throw new UserInputError(
      (name) =>
        `${name('path')}: "${path}" must start with "/" (a prefix like /api/users or a glob like /api/*/orders)`,
      'path',
    );
  if (filter.query?.trim()) assertFreeTextLength(filter.query.trim(), 'query');
  if (filter.userAgent?.trim()) assertFreeTextLength(filter.userAgent.trim(), 'userAgent');
}

/** SQL conditions for a filter, validated first so bad input is refused rather than matched. */
export function filterConditions(params: SqlParams, filter: RequestFilter | null | undefined): string[] {
  if (!filter) return [];
  validateRequestFilter(filter);
  const conditions: string[] = [];
  if (filter.methods?.length)
    conditions.push(`"method" = ANY(${params.add(filter.methods.map((m) => m.toUpperCase()))}::text[])`);
  if (filter.status != null) conditions.push(`"status" = ${params.add(filter.status)}`);
  if (filter.statusMin != null) conditions.push(`"status" >= ${params.add(filter.statusMin)}`);
  if (filter.statusMax != null) conditions.push(`"status" <= ${params.add(filter.statusMax)}`);
  if (filter.statusClasses?.length) conditions.push(statusClassCondition(filter.statusClasses));
  if (filter.query?.trim()) {
    const like = params.add(`%${escapeLike(filter.query.trim())}%`);
    conditions.push(`("url" ILIKE ${like} OR "host" ILIKE ${like} OR coalesce("userAgent", '') ILIKE ${like})`);
  }
  if (filter.path?.trim()) {
    const path = filter.path.trim();
    if (path.includes('*') || path.includes('?')) conditions.push(`"path" ~ ${params.add(globToRegexSource(path))}`);
    else conditions.push(`"path" LIKE ${params.add(`${escapeLike(path)}%`)}`);
  }
  if (filter.route?.trim()) conditions.push(routeCondition(params, filter.route.trim()));
  if (filter.host?.trim()) conditions.push(`lower("host") = ${params.add(filter.host.trim().toLowerCase())}`);
  if (filter.userAgent?.trim())
    conditions.push(`"userAgent" ILIKE ${params.add(`%${escapeLike(filter.userAgent.trim())}%`)}`);
  if (filter.clientIp?.trim()) conditions.push(`"clientIp" = ${params.add(filter.clientIp.trim())}`);
  if (filter.blocked !== null && filter.blocked !== undefined)
    conditions.push(`"blocked" = ${params.add(filter.blocked)}`);
  return conditions;
}
