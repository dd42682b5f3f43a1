import type { DatabaseKind } from '../../src/db/database.ts';
import { createContext } from '../../src/graphql/context-factory.ts';
import { createOperationExecutor } from '../../src/graphql/execute-operation.ts';
import { McpMetricsDocument } from '../../src/generated/graphql.ts';
import { createLogger } from '../../src/logger.ts';
import { connectStreamable, startTestApp, TEST_ADMIN_TOKEN } from '../helpers/app-server.ts';
import { Authenticator } from '../../src/auth/authenticator.ts';
import { readCredential } from '../../src/auth/request-authentication.ts';
import { Client } from '@modelcontextprotocol/client';
import { InMemoryTransport } from '@modelcontextprotocol/server';
import { createMcpServer } from '../../src/mcp/create-mcp-server.ts';
import { createAccount, createToken } from '../helpers/fixtures.ts';
import { createPostgresDatabase } from '../helpers/databases.ts';
import { connectV2 } from '../helpers/mcp-v2-client.ts';
import { store, trafficFor } from '../helpers/traffic-data.ts';
import { timeMedian } from './bench-database.ts';

export interface McpBenchResult {
  kind: DatabaseKind;
  directMs: number;
  /** The same tool through the MCP SDK in process (linked in-memory transport): MCP's own overhead, no HTTP. */
  inProcessToolMs: number;
  graphqlHttpMs: number;
  toolCallMs: number;
  oneSessionPerSecond: number;
  fiftySessionsPerSecond: number;
  /** The same over HTTP with the SDK v2 client on the stateless 2026-07-28 revision (no session). */
  statelessToolCallMs: number;
  oneStatelessClientPerSecond: number;
  fiftyStatelessClientsPerSecond: number;
}

const ARGS = { since: '1h' };

/** Calls per second over `seconds`, with `sessions` clients each calling in a loop. */
async function throughput(
  call: (session: number) => Promise<unknown>,
  sessions: number,
  seconds: number,
): Promise<number> {
  const deadline = performance.now() + seconds * 1000;
  let calls = 0;
  await Promise.all(
    Array.from({ length: sessions }, async (_, session) => {
      while (performance.now() < deadline) {
        await call(session);
        calls++;
      }
    }),
  );
  return calls / seconds;
}

/** Tool-call overhead over the same GraphQL operation, and tool calls per second through 1 and 50 sessions. */
export async function benchMcp(kind: DatabaseKind, runs: number, seconds: number): Promise<McpBenchResult> {
  const database = kind === 'postgres' ? await createPostgresDatabase() : null;
  // The per-token rate limit (600/min by default) would cut the measured loops short with 429s.
  const app = await startTestApp({ RATE_LIMIT_PER_TOKEN: '0', ...(database ? { DATABASE_URL: database.url } : {}) });
  try {
    const account = await createAccount(app.db, 'bench');
    await store(
      app.db,
      trafficFor(account, {
        seed: 9,
        requests: 20_000,
        days: 1,
        until: new Date(Math.floor(Date.now() / 3_600_000) * 3_600_000),
      }),
    );
    const token = await createToken(app.db, account, { environment: 'production', buckets: 'all' });
    const { authenticator } = await Authenticator.create(app.db, TEST_ADMIN_TOKEN);
    const principal = await authenticator.authenticate(readCredential(`Bearer ${token.secret}`).bearer);
    const execute = createOperationExecutor(createLogger('silent'));
    const directMs = await timeMedian(runs, () =>
      execute(
        McpMetricsDocument,
        { range: ARGS, buckets: null },
        createContext({ db: app.db, retentionDays: 90 }, principal),
      ),
    );
    const [clientSide, serverSide] = InMemoryTransport.createLinkedPair();
    const inProcessServer = createMcpServer(
      { db: app.db, retentionDays: 90, executeOperation: execute, logger: createLogger('silent'), version: 'bench' },
      principal,
    );
    await inProcessServer.connect(serverSide);
    const inProcessClient = new Client({ name: 'bench', version: '1' });
    await inProcessClient.connect(clientSide);
    const inProcessToolMs = await timeMedian(runs, () =>
      inProcessClient.callTool({ name: 'get_metrics', arguments: ARGS }),
    );
    await inProcessClient.close();
    const query =
      '{ metrics(range: { since: "1h" }) { range { from to } totalRequests averageResponseTimeMs errorCount clientErrorCount serverErrorCount errorRate blockedCount } }';
    const graphqlHttpMs = await timeMedian(runs, async () => {
      const response = await fetch(`${app.url}/graphql`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', authorization: `Bearer ${token.secret}` },
        body: JSON.stringify({ query }),
      });
      await response.json();
    });
    const { client } = await connectStreamable(app.url, token.secret);
    const toolCallMs = await timeMedian(runs, () => client.callTool({ name: 'get_metrics', arguments: ARGS }));
    const oneSessionPerSecond = await throughput(
      () => client.callTool({ name: 'get_metrics', arguments: ARGS }),
      1,
      seconds,
    );
    await client.close();
    const clients = await Promise.all(Array.from({ length: 50 }, () => connectStreamable(app.url, token.secret)));
    const fiftySessionsPerSecond = await throughput(
      (i) => clients[i]!.client.callTool({ name: 'get_metrics', arguments: ARGS }),
      50,
      seconds,
    );
    await Promise.all(clients.map(({ client: c }) => c.close()));
    const stateless = await Promise.all(
      Array.from({ length: 50 }, () => connectV2(app.url, token.secret, { pin: '2026-07-28' })),
    );
    const statelessCall = (i: number) => stateless[i]!.callTool({ name: 'get_metrics', arguments: ARGS });
    const statelessToolCallMs = await timeMedian(runs, () => statelessCall(0));
    const oneStatelessClientPerSecond = await throughput(statelessCall, 1, seconds);
    const fiftyStatelessClientsPerSecond = await throughput(statelessCall, 50, seconds);
    await Promise.all(stateless.map((c) => c.close()));
    return {
      kind,
      directMs,
      inProcessToolMs,
      graphqlHttpMs,
      toolCallMs,
      oneSessionPerSecond,
      fiftySessionsPerSecond,
      statelessToolCallMs,
      oneStatelessClientPerSecond,
      fiftyStatelessClientsPerSecond,
    };
  } finally {
    await app.dispose();
    await database?.drop();
  }
}
