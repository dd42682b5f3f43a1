import SchemaBuilder from '@pothos/core';
import ComplexityPlugin from '@pothos/plugin-complexity';
import DataloaderPlugin from '@pothos/plugin-dataloader';
import DirectivesPlugin from '@pothos/plugin-directives';
import PrismaPlugin from '@pothos/plugin-prisma';
import ScopeAuthPlugin from '@pothos/plugin-scope-auth';
import ValidationPlugin from '@pothos/plugin-validation';
import { principalHasScope } from '../auth/principal.ts';
import type { Scope } from '../auth/scopes.ts';
import { ForbiddenError, UnauthenticatedError, UserInputError } from '../errors.ts';
import type PrismaTypes from '../generated/prisma/pothos-types.ts';
import { getDatamodel } from '../generated/prisma/pothos-types.ts';
import type { GraphQLContext } from './context.ts';
import type { SanitizeAs } from './plugins/sanitize-plugin.ts';
import './plugins/sanitize-plugin.ts';

export const builder = new SchemaBuilder<{
  Context: GraphQLContext;
  PrismaTypes: PrismaTypes;
  AuthScopes: { scopes: Scope[] };
  Directives: {
    auth: { locations: 'FIELD_DEFINITION'; args: { scopes: Scope[] } };
    sanitized: { locations: 'FIELD_DEFINITION'; args: { as: SanitizeAs } };
  };
  Scalars: {
    DateTime: { Input: Date; Output: Date | string };
    JSON: { Input: unknown; Output: unknown };
    BigInt: { Input: bigint; Output: bigint | number | string };
  };
  DefaultFieldNullability: false;
}>({
  defaultFieldNullability: false,
  // Keyed by name, the form printSchemaWithDirectives reads when writing schema.graphql.
  directives: { useGraphQLToolsUnorderedDirectives: true },
  plugins: [
    ScopeAuthPlugin,
    DirectivesPlugin,
    PrismaPlugin,
    DataloaderPlugin,
    ValidationPlugin,
    ComplexityPlugin,
    'sanitize',
  ],
  scopeAuth: {
    authScopes: (context) => ({
      scopes: (needed: Scope[]) => needed.every((scope) => principalHasScope(context.principal, scope)),
    }),
    unauthorizedError: (_parent, context, info) => {
      if (context.principal.kind === 'anonymous') return new UnauthenticatedError();
      const auth = info.parentType.getFields()[info.fieldName]?.extensions?.directives as
        | { auth?: { scopes?: string[] } }
        | undefined;
      const needed = auth?.auth?.scopes?.join(', ') ?? 'more scopes';
      return new ForbiddenError(
        `insufficient_scope: ${info.parentType.name}.${info.fieldName} needs a token with ${needed}`,
      );
    },
  },
  prisma: {
    client: (context) => context.db.prisma,
    dmmf: getDatamodel(),
    exposeDescriptions: false,
    filterConnectionTotalCount: true,
    onUnusedQuery: null,
  },
  validation: {
    validationError: (result) => {
      const issue = result.issues[0];
      const argument = issue?.path
        ?.map((part) => (typeof part === 'object' ? String(part.key) : String(part)))
        .join('.');
      return new UserInputError(`${argument ? `${argument}: ` : ''}${issue?.message ?? 'invalid input'}`, argument);
    },
  },
  complexity: {
    defaultComplexity: 1,
    defaultListMultiplier: 10,
    limit: { complexity: 5000, depth: 12, breadth: 300 },
  },
});

/**
 * Field options requiring scopes: enforced by scope-auth, and printed as `@auth(scopes: [...])` in
 * schema.graphql so a reader of the schema sees what each field needs.
 */
export function requireScopes(...scopes: Scope[]) {
  return {
    authScopes: { scopes },
    directives: { auth: { scopes } },
  } as const;
}

builder.queryType({});
builder.mutationType({});
