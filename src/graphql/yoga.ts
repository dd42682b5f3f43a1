import { randomUUID } from 'node:crypto';
import { createYoga, type YogaServerInstance } from 'graphql-yoga';
import type { Authenticator } from '../auth/authenticator.ts';
import type { Database } from '../db/database.ts';
import type { Logger } from '../logger.ts';
import type { GraphQLContext } from './context.ts';
import { createErrorMasker } from './errors.ts';
import { createContext } from './context-factory.ts';
import { renderGraphiQLPage } from '../http/graphiql-assets.ts';
import { buildSchema } from './schema/index.ts';

export interface YogaDependencies {
  db: Database;
  authenticator: Authenticator;
  logger: Logger;
  graphiql: boolean;
  retentionDays: number;
  ingest?: { maxRecords: number; maxBodyBytes: number };
}

export type TrafficgraphYoga = YogaServerInstance<Record<string, unknown>, GraphQLContext>;

/** The GraphQL server: /graphql with GraphiQL, principal from the bearer token, masked errors. */
export function createTrafficgraphYoga(deps: YogaDependencies): TrafficgraphYoga {
  return createYoga<Record<string, unknown>, GraphQLContext>({
    schema: buildSchema(),
    graphqlEndpoint: '/graphql',
    graphiql: deps.graphiql ? { title: 'trafficgraph', defaultQuery: DEFAULT_QUERY } : false,
    renderGraphiQL: (options) => renderGraphiQLPage({ title: 'trafficgraph', defaultQuery: options?.defaultQuery ?? DEFAULT_QUERY }),
    landingPage: false,
    logging: false,
    maskedErrors: { maskError: createErrorMasker(deps.logger) },
    context: async ({ request }): Promise<GraphQLContext> => {
      const principal = await deps.authenticator.authenticate(request.headers.get('authorization'));
      return createContext(deps, principal, request.headers.get('x-request-id') ?? randomUUID());
    },
  });
}

const DEFAULT_QUERY = `# Paste your token in the Headers tab: {"Authorization": "Bearer <token>"}
query Overview {
  viewer { kind name scopes }
  environments { name }
  buckets { name }
}
`;
