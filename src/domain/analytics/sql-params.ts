import type { TrafficScope } from './traffic-scope.ts';
import { ALL_BUCKETS } from '../ingest/rollup-periods.ts';

/** Collects positional parameters so conditions never splice values into SQL text. */
export class SqlParams {
  readonly values: unknown[] = [];

  add(value: unknown): string {
    this.values.push(value);
    return `$${this.values.length}`;
  }
}

/** The environment and bucket limits of a query on the Request table. */
export function scopeConditions(params: SqlParams, scope: TrafficScope): string[] {
  const conditions = [`"environmentId" = ${params.add(scope.environmentId)}`];
  if (scope.bucketIds !== null) conditions.push(`"bucketId" = ANY(${params.add(scope.bucketIds)}::text[])`);
  return conditions;
}

/** The same limits on a rollup table: all buckets read the environment-wide rows, some read theirs. */
export function rollupScopeConditions(params: SqlParams, scope: TrafficScope): string[] {
  return [
    `"environmentId" = ${params.add(scope.environmentId)}`,
    scope.bucketIds === null
      ? `"bucketId" = ${params.add(ALL_BUCKETS)}`
      : `"bucketId" = ANY(${params.add(scope.bucketIds)}::text[])`,
  ];
}

/**
 * The same limits on RouteRollup, which ingest keeps per bucket only: all buckets read every bucket's rows of
 * the environment, to be summed per route, so the ROUTES_PER_CELL bound and what it leaves untracked hold
 * per bucket and in the sum. ALL_BUCKETS rows are stepped around, not trusted to be absent: an older
 * instance still running during a rolling deploy, or a rollback, writes them again, and summed beside the
 * bucket rows they would count every request twice.
 */
export function routeRollupScopeConditions(params: SqlParams, scope: TrafficScope): string[] {
  const conditions = scopeConditions(params, scope);
  if (scope.bucketIds === null) conditions.push(`"bucketId" <> ${params.add(ALL_BUCKETS)}`);
  return conditions;
}

/** Escapes LIKE wildcards so user text matches literally. */
export function escapeLike(text: string): string {
  return text.replace(/[\\%_]/g, (ch) => `\\${ch}`);
}
