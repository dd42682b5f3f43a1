import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { printTrafficgraphSchema, SCHEMA_FILE } from '../../src/graphql/print-schema.ts';

describe('schema.graphql', () => {
  it('matches the Pothos schema (run `npm run generate:schema` after changing it)', () => {
    expect(readFileSync(SCHEMA_FILE, 'utf8')).toBe(printTrafficgraphSchema());
  });

  it('shows the scopes each root field needs as @auth directives', () => {
    const printed = printTrafficgraphSchema();
    expect(printed).toMatch(/environments: \[Environment!\]! @auth\(scopes: \["config:read"\]\)/);
    expect(printed).toMatch(
      /createAccessToken\(input: CreateAccessTokenInput!\): CreatedAccessToken! @auth\(scopes: \["admin"\]\)/,
    );
  });
});
