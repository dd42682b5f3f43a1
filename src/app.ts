import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { Authenticator } from './auth/authenticator.ts';
import { MCP_TOKEN_SCOPES } from './auth/scopes.ts';
import { listensOnLoopbackOnly, type Config } from './config.ts';
import { openDatabase, type Database } from './db/database.ts';
import { DEMO_INCIDENT } from './domain/demo/fixture.ts';
import { randomDemoSeed, seedDemo } from './domain/demo/seed-demo.ts';
import { createAccessToken } from './domain/tokens/access-tokens.ts';
import { createTrafficgraphYoga } from './graphql/yoga.ts';
import { createHttpServer, listen } from './http/server.ts';
import type { Logger } from './logger.ts';
import { createOperationExecutor } from './graphql/execute-operation.ts';
import { createOriginPolicy } from './http/origin-policy.ts';
import { createLegacySseRoutes, LEGACY_SSE_PATH } from './mcp/legacy-sse-route.ts';
import { createSessionBackend } from './mcp/session-backend.ts';
import { createStreamableHttpRoute, type McpRouteDependencies } from './mcp/streamable-http-route.ts';
import { readFileSync } from 'node:fs';
import { createRestHandler } from './rest/rest-handler.ts';
import { MCP_SERVER_ROUTES } from './rest/mcp-server-routes.ts';

const VERSION = (JSON.parse(readFileSync(new URL('../package.json', import.meta.url), 'utf8')) as { version: string }).version;
const MAX_MCP_BODY_BYTES = 1_048_576;

export interface RunningServer {
  url: string;
  db: Database;
  server: Server;
  /** The admin secret when this start created it (printed once, stored hashed). */
  createdAdminToken: string | null;
  /** A ready MCP token when this start seeded the demo account. */
  demoMcpToken: string | null;
  demoSeeded: { requests: number; seconds: number } | null;
  close(): Promise<void>;
}

export interface StartOptions {
  onSeedProgress?: (done: number, total: number) => void;
}

/** Opens the database, migrates, listens, and on an empty embedded database seeds the demo. */
export async function startServer(config: Config, logger: Logger, options: StartOptions = {}): Promise<RunningServer> {
  const db = await openDatabase({ databaseUrl: config.databaseUrl, dataDir: config.dataDir });
  let server: Server | undefined;
  let sessionBackend: Awaited<ReturnType<typeof createSessionBackend>> | undefined;
  try {
    sessionBackend = await createSessionBackend(config.redisUrl, logger);
    const migrations = await db.migrate();
    if (migrations.applied.length > 0) logger.info({ applied: migrations.applied }, 'database migrated');
    const { authenticator, createdAdminToken } = await Authenticator.create(db, config.adminToken);
    const yoga = createTrafficgraphYoga({ db, authenticator, logger, graphiql: true, retentionDays: config.retentionDays, ingest: config.ingest });
    let ready = false;
    const executeOperation = createOperationExecutor(logger);
    const mcp: McpRouteDependencies = {
      authenticator,
      sessions: sessionBackend.sessions,
      server: { db, retentionDays: config.retentionDays, executeOperation, logger, version: VERSION },
      originAllowed: createOriginPolicy(config.allowedOrigins),
      logger,
      idleSeconds: config.mcpSessionIdleSeconds,
      maxBodyBytes: MAX_MCP_BODY_BYTES,
    };
    server = createHttpServer({
      db,
      yoga,
      logger,
      isReady: () => ready,
      routes: [
        { prefix: LEGACY_SSE_PATH, handler: createLegacySseRoutes({ ...mcp, bus: sessionBackend.bus }) },
        { prefix: '/mcp', handler: createStreamableHttpRoute(mcp) },
        {
          prefix: '/api/v1',
          handler: createRestHandler({
            db,
            retentionDays: config.retentionDays,
            ingest: config.ingest,
            authenticator,
            executeOperation,
            logger,
            routes: MCP_SERVER_ROUTES,
            openWithoutToken: listensOnLoopbackOnly(config.host),
            maxIngestRequestBytes: config.ingest.maxRequestBytes,
          }),
        },
      ],
    });
    await listen(server, config.port, config.host);
    const { port } = server.address() as AddressInfo;
    const host = config.host.includes(':') ? `[${config.host}]` : config.host === '0.0.0.0' ? '127.0.0.1' : config.host;

    let demoMcpToken: string | null = null;
    let demoSeeded: RunningServer['demoSeeded'] = null;
    if (db.kind === 'pglite' && config.demoOnFirstStart && (await db.prisma.account.count()) === 0) {
      const started = performance.now();
      // The hour boundary keeps the story (deployment, incident) aligned with throughput buckets.
      const until = new Date(Math.ceil(Date.now() / 3_600_000) * 3_600_000);
      const { account } = await seedDemo(
        db,
        { seed: randomDemoSeed(), requests: config.demoRequests, days: 7, until },
        options.onSeedProgress ?? (() => {}),
      );
      const { secret } = await createAccessToken(db, {
        accountId: account.accountId,
        environmentId: account.environmentIds[DEMO_INCIDENT.environment]!,
        name: 'demo-assistant',
        bucketIds: null,
        scopes: MCP_TOKEN_SCOPES,
        expiresAt: null,
        createdBy: 'first start',
      });
      demoMcpToken = secret;
      demoSeeded = { requests: config.demoRequests, seconds: (performance.now() - started) / 1000 };
    }
    ready = true;
    const running: RunningServer = {
      url: `http://${host}:${port}`,
      db,
      server,
      createdAdminToken,
      demoMcpToken,
      demoSeeded,
      async close() {
        await new Promise<void>((resolve) => {
          server!.close(() => resolve());
          server!.closeAllConnections();
        });
        await sessionBackend!.close();
        await db.close();
      },
    };
    return running;
  } catch (error) {
    server?.close();
    await sessionBackend?.close().catch(() => {});
    await db.close().catch(() => {});
    throw error;
  }
}
