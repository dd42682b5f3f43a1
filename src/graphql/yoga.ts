import { EnvelopArmorPlugin } from '@escape.tech/graphql-armor';
import { useDisableIntrospection } from '@graphql-yoga/plugin-disable-introspection';
import { createYoga, type YogaServerInstance } from 'graphql-yoga';
import { requestAuthentication } from '../auth/request-authentication.ts';
import type { Database } from '../db/database.ts';
import type { AuditLog } from '../domain/audit/audit-log.ts';
import type { AppMetrics } from '../observability/app-metrics.ts';
import type { Logger } from '../logger.ts';
import type { IngestBudget } from '../http/rate-limit/rate-limit-policy.ts';
import type { GraphQLContext } from './context.ts';
import { createErrorMasker } from './errors.ts';
import { createContext } from './context-factory.ts';
import { renderGraphiQLPage } from '../http/graphiql-assets.ts';
import { buildSchema } from './schema/index.ts';
import { useMutationAudit } from './mutation-audit.ts';

export interface YogaDependencies {
  db: Database;
  logger: Logger;
  graphiql: boolean;
  /** Off: introspection is refused and error messages stop suggesting field names. */
  introspection: boolean;
  retentionDays: number;
  rollupRetentionDays?: number;
  ingest?: { maxRecords: number; maxBodyBytes: number };
  audit?: AuditLog;
  metrics?: AppMetrics;
  /** RATE_LIMIT_INGEST_RECORDS_PER_MINUTE, which ingestRequests spends like the other intake routes; null when off. */
  ingestBudget?: IngestBudget | null;
}

export type TrafficgraphYoga = YogaServerInstance<Record<string, unknown>, GraphQLContext>;

/**
 * Per-operation limits besides the schema's own cost and depth limits (Pothos complexity): these bound
 * what the parser and validator must do before any cost can be computed.
 */
export const OPERATION_LIMITS = { maxAliases: 15, maxDirectives: 20, maxTokens: 4000 } as const;

/** The GraphQL server: /graphql with GraphiQL, the principal the HTTP layer authenticated, masked errors. */
export function createTrafficgraphYoga(deps: YogaDependencies): TrafficgraphYoga {
  return createYoga<Record<string, unknown>, GraphQLContext>({
    schema: buildSchema(),
    graphqlEndpoint: '/graphql',
    graphiql: deps.graphiql ? { title: 'trafficgraph', defaultQuery: DEFAULT_QUERY } : false,
    renderGraphiQL: (options) =>
      renderGraphiQLPage({ title: 'trafficgraph', defaultQuery: options?.defaultQuery ?? DEFAULT_QUERY }),
    landingPage: false,
    logging: false,
    // CORS is answered in front of every surface (http/cors.ts), from one allow-list.
    cors: false,
    plugins: [
      EnvelopArmorPlugin({
        maxAliases: { n: OPERATION_LIMITS.maxAliases },
        maxDirectives: { n: OPERATION_LIMITS.maxDirectives },
        maxTokens: { n: OPERATION_LIMITS.maxTokens },
        maxDepth: { enabled: false },
        costLimit: { enabled: false },
        blockFieldSuggestion: { enabled: !deps.introspection },
      }),
      ...(deps.introspection ? [] : [useDisableIntrospection()]),
      useMutationAudit(),
    ],
    maskedErrors: { maskError: createErrorMasker(deps.logger) },
    context: async (): Promise<GraphQLContext> => {
      const { principal, failure, credential } = await requestAuthentication();
      if (failure) throw failure;
      const budget = deps.ingestBudget;
      return createContext(
        deps,
        principal,
        budget ? { spendIngestBudget: (records) => budget(credential, records) } : {},
      );
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
