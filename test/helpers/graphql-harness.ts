import type { Database } from '../../src/db/database.ts';
import { Authenticator } from '../../src/auth/authenticator.ts';
import { createTrafficgraphYoga, type TrafficgraphYoga } from '../../src/graphql/yoga.ts';
import { createLogger } from '../../src/logger.ts';

export interface GraphQLResult<T = Record<string, unknown>> {
  status: number;
  data: T | null | undefined;
  errors: { message: string; path?: string[]; extensions?: { code?: string; argument?: string } }[] | undefined;
}

/**
 * The server keeps this long when a test's traffic is stamped at fixed dates: the 90-day default, judged against
 * the wall clock, would start cutting such fixtures off three months after they were written.
 */
export const FIXED_DATE_RETENTION_DAYS = 3650;

/** The real yoga server over a test database, called through yoga.fetch (no network). */
export async function createGraphQLHarness(
  db: Database,
  adminToken = 'test-admin-token-0123456789',
  retentionDays = 90,
) {
  const { authenticator } = await Authenticator.create(db, adminToken);
  const yoga: TrafficgraphYoga = createTrafficgraphYoga({
    db,
    authenticator,
    logger: createLogger('silent'),
    graphiql: false,
    introspection: true,
    retentionDays,
  });
  async function execute<T = Record<string, unknown>>(
    query: string,
    variables: Record<string, unknown> = {},
    token: string | null = adminToken,
  ): Promise<GraphQLResult<T>> {
    const response = await yoga.fetch('http://test/graphql', {
      method: 'POST',
      headers: { 'content-type': 'application/json', ...(token ? { authorization: `Bearer ${token}` } : {}) },
      body: JSON.stringify({ query, variables }),
    });
    const body = (await response.json()) as Omit<GraphQLResult<T>, 'status'>;
    return { status: response.status, data: body.data, errors: body.errors };
  }
  return { yoga, execute, adminToken };
}
