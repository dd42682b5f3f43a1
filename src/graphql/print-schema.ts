import { printSchemaWithDirectives } from '@graphql-tools/utils';
import { lexicographicSortSchema } from 'graphql';
import { fileURLToPath } from 'node:url';
import { buildSchema } from './schema/index.ts';

export const SCHEMA_FILE = fileURLToPath(new URL('../../schema.graphql', import.meta.url));

/** schema.graphql as committed: sorted, with @auth and @sanitized usages printed where they apply. */
export function printTrafficgraphSchema(): string {
  const header =
    '# Generated from the Pothos schema by `npm run generate:schema`; do not edit. A test fails when it is stale.\n\n';
  return `${header}${printSchemaWithDirectives(lexicographicSortSchema(buildSchema()))}\n`;
}
