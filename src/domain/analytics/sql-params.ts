import type { TrafficScope } from './traffic-scope.ts';

/** Collects positional parameters so conditions never splice values into SQL text. */
export class SqlParams {
  readonly values: unknown[] = [];

  add(value: unknown): string {
    this.values.push(value);
    return `$${this.values.length}`;
  }
}

/** The environment and bucket limits every analytics query starts from. */
export function scopeConditions(params: SqlParams, scope: TrafficScope, alias = ''): string[] {
  const col = (name: string) => (alias ? `${alias}."${name}"` : `"${name}"`);
  const conditions = [`${col('environmentId')} = ${params.add(scope.environmentId)}`];
  if (scope.bucketIds !== null) conditions.push(`${col('bucketId')} = ANY(${params.add(scope.bucketIds)}::text[])`);
  return conditions;
}

/** Escapes LIKE wildcards so user text matches literally. */
export function escapeLike(text: string): string {
  return text.replace(/[\\%_]/g, (ch) => `\\${ch}`);
}
