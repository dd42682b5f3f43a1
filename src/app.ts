import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { Authenticator } from './auth/authenticator.ts';
import { createRequestAuthenticator } from './auth/request-authentication.ts';
import type { Config } from './config.ts';
import { openDatabase, type Database } from './db/database.ts';
import { AuditLog } from './domain/audit/audit-log.ts';
import { seedFirstStartDemo } from './domain/demo/first-start-demo.ts';
import { ensureWorkspaceAccount } from './domain/workspace/workspace-account.ts';
import { createTrafficgraphYoga } from './graphql/yoga.ts';
import { createOriginPolicy } from './http/origin-policy.ts';
import { createIngestBudget, createRateLimitPolicy } from './http/rate-limit/rate-limit-policy.ts';
import { createHostPolicy } from './http/host-policy.ts';
import { createRequestClientResolver } from './http/request-client.ts';
import { OTLP_TRACES_PATH } from './otlp/traces-route.ts';
import { INGEST_PATH } from './rest/ingest-route.ts';
import { MemoryRateLimiter, type RateLimiter } from './http/rate-limit/rate-limiter.ts';
import { RedisRateLimiter } from './http/rate-limit/redis-rate-limiter.ts';
import { createHttpServer, listen } from './http/server.ts';
import { StreamRegistry } from './http/stream-registry.ts';
import { authenticationRules, createSurfaceRoutes } from './http/surface-routes.ts';
import type { Logger } from './logger.ts';
import { adminTokenSignIn } from './oauth/consent-sign-in.ts';
import { OAUTH_ROUTES } from './oauth/authorization-server.ts';
import { OAuthService } from './oauth/oauth-service.ts';
import { AppMetrics } from './observability/app-metrics.ts';
import { createMetricsRoute } from './observability/metrics-route.ts';
import { createSessionBackend, type SessionBackend } from './mcp/session-backend.ts';
import { schedulePurge } from './domain/retention/purge-schedule.ts';
import { scheduleRouteQuarters } from './domain/route-quarters/route-quarter-schedule.ts';

export interface RunningServer {
  url: string;
  db: Database;
  server: Server;
  /** The admin secret when this start created it (printed once, stored hashed). */
  createdAdminToken: string | null;
  /** A ready MCP token when this start seeded the demo account. */
  demoMcpToken: string | null;
  demoSeeded: { requests: number; seconds: number } | null;
  /** True when this start found an empty database and created its one account (no demo). */
  workspaceCreated: boolean;
  /**
   * Stops accepting connections, lets in-flight requests (ingest batches included) finish within the
   * grace period, ends open event streams, then closes sessions and the database.
   */
  close(graceMs?: number): Promise<void>;
}

export interface StartOptions {
  onSeedProgress?: (done: number, total: number) => void;
  /**
   * Called with the admin secret when this start created it, and awaited before the server listens, so
   * whatever it keeps (serve's DATA_DIR/admin-token) exists before /healthz first answers: a script that
   * waits for healthz and then reads the file never finds it missing.
   */
  onAdminTokenCreated?: (token: string) => Promise<void>;
  /** Tests only (never configuration): see AuthorizationServerOptions.testOnlyCimdOverLoopbackHttp. */
  testOnlyCimdOverLoopbackHttp?: boolean;
  /** Tests only: the clock of in-memory MCP session expiry, so a test advances it instead of sleeping. */
  testOnlySessionClock?: () => number;
}

/** Opens the database, migrates, listens, and on an empty embedded database seeds the demo. */
export async function startServer(config: Config, logger: Logger, options: StartOptions = {}): Promise<RunningServer> {
  const db = await openDatabase({ databaseUrl: config.databaseUrl, dataDir: config.dataDir });
  let server: Server | undefined;
  let sessionBackend: SessionBackend | undefined;
  let limiter: RateLimiter | undefined;
  try {
    sessionBackend = await createSessionBackend(config.redisUrl, logger, options.testOnlySessionClock);
    const migrations = await db.migrate();
    if (migrations.applied.length > 0) logger.info({ applied: migrations.applied }, 'database migrated');
    const { authenticator, createdAdminToken } = await Authenticator.create(db, config.adminToken);
    if (createdAdminToken !== null) await options.onAdminTokenCreated?.(createdAdminToken);
    const metrics = new AppMetrics();
    const audit = new AuditLog(db, logger, (count, reason) => metrics.auditEntriesDropped.inc({ reason }, count));
    limiter = sessionBackend.redis
      ? new RedisRateLimiter(sessionBackend.redis, logger, () => metrics.rateLimitFallbacks.inc())
      : new MemoryRateLimiter();
    // One budget for every intake: REST ingest, OTLP and GraphQL ingestRequests spend the same records.
    const ingestBudget = createIngestBudget(limiter, config.rateLimits.ingestRecordsPerToken);
    const yoga = createTrafficgraphYoga({
      db,
      audit,
      metrics,
      logger,
      graphiql: config.graphql.graphiql,
      introspection: config.graphql.introspection,
      retentionDays: config.retentionDays,
      rollupRetentionDays: config.rollupRetentionDays,
      ingest: config.ingest,
      ingestBudget,
    });
    let ready = false;
    let draining = false;
    const streams = new StreamRegistry((count) => metrics.openStreams.set(count));
    const originAllowed = createOriginPolicy(config.allowedOrigins);
    const { oauth: oauthLimits } = config.rateLimits;
    const endpointLimits = [
      { path: OAUTH_ROUTES.token, perAddress: oauthLimits.tokenPerAddress },
      { path: OAUTH_ROUTES.registration, perAddress: oauthLimits.registerPerAddress },
      { path: OAUTH_ROUTES.authorization, perAddress: oauthLimits.authorizePerAddress },
    ];
    const rateLimited =
      config.rateLimits.perToken > 0 ||
      config.rateLimits.perAddress > 0 ||
      endpointLimits.some((limit) => limit.perAddress > 0);
    const oauth = new OAuthService({
      db,
      signIn: adminTokenSignIn(),
      trustProxy: config.trustProxy.kind !== 'none',
      testOnlyCimdOverLoopbackHttp: options.testOnlyCimdOverLoopbackHttp,
    });
    const routes = createSurfaceRoutes({
      config,
      db,
      sessions: sessionBackend,
      logger,
      streams,
      originAllowed,
      audit,
      metrics,
      ingestBudget,
      oauth,
    });
    server = createHttpServer({
      db,
      yoga,
      logger,
      isReady: () => ready,
      isDraining: () => draining,
      authenticateRequest: createRequestAuthenticator(authenticator, authenticationRules(config, oauth)),
      routes,
      originAllowed,
      hostAllowed: createHostPolicy({ listenHost: config.host, publicUrl: config.publicUrl }),
      resolveClient: createRequestClientResolver(config.trustProxy),
      // Intake routes pay in records (the ingest budget), not in requests against the token's count.
      rateLimit: rateLimited
        ? createRateLimitPolicy(limiter, {
            ...config.rateLimits,
            intakePaths: [INGEST_PATH, OTLP_TRACES_PATH],
            endpointLimits,
          })
        : null,
      graphqlMaxBodyBytes: config.graphql.maxBodyBytes,
      metrics,
      metricsRoute: createMetricsRoute(metrics),
    });
    await listen(server, config.port, config.host);
    const { port } = server.address() as AddressInfo;
    const host = config.host.includes(':') ? `[${config.host}]` : config.host === '0.0.0.0' ? '127.0.0.1' : config.host;
    await oauth.start(config.publicUrl?.origin ?? `http://${host}:${port}`);

    let demoMcpToken: string | null = null;
    let demoSeeded: RunningServer['demoSeeded'] = null;
    if (db.kind === 'pglite' && config.demoOnFirstStart && (await db.prisma.account.count()) === 0) {
      const demo = await seedFirstStartDemo(db, config.demoRequests, options.onSeedProgress ?? (() => {}));
      demoMcpToken = demo.mcpToken;
      demoSeeded = { requests: config.demoRequests, seconds: demo.seconds };
    }
    const workspaceCreated = demoSeeded === null && (await ensureWorkspaceAccount(db));
    ready = true;
    const purges = schedulePurge(
      db,
      { rawDays: config.retentionDays, rollupDays: config.rollupRetentionDays },
      config.purgeIntervalMinutes,
      logger,
    );
    const routeQuarters = scheduleRouteQuarters(db, config.retentionDays, logger);
    const httpServer = server;
    const sessions = sessionBackend;
    const rateLimiter = limiter;
    const running: RunningServer = {
      url: `http://${host}:${port}`,
      db,
      server,
      createdAdminToken,
      demoMcpToken,
      demoSeeded,
      workspaceCreated,
      async close(graceMs = 0) {
        draining = true;
        streams.endAll();
        const closed = new Promise<void>((resolve) => httpServer.close(() => resolve()));
        httpServer.closeIdleConnections();
        let timer: NodeJS.Timeout | undefined;
        const deadline = new Promise<void>((resolve) => (timer = setTimeout(resolve, graceMs)));
        await Promise.race([closed, deadline]);
        clearTimeout(timer);
        httpServer.closeAllConnections();
        await closed;
        await purges.stop();
        await routeQuarters.stop();
        await rateLimiter.close();
        await audit.close();
        await sessions.close();
        await db.close();
      },
    };
    return running;
  } catch (error) {
    server?.close();
    await limiter?.close().catch(() => {});
    await sessionBackend?.close().catch(() => {});
    await db.close().catch(() => {});
    throw error;
  }
}
