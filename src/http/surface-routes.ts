import { readFileSync } from 'node:fs';
import type { Authenticator } from '../auth/authenticator.ts';
import { listensOnLoopbackOnly, type Config } from '../config.ts';
import type { Database } from '../db/database.ts';
import type { AuditLog } from '../domain/audit/audit-log.ts';
import type { AppMetrics } from '../observability/app-metrics.ts';
import { createOperationExecutor } from '../graphql/execute-operation.ts';
import type { Logger } from '../logger.ts';
import { createLegacySseRoutes, LEGACY_SSE_PATH } from '../mcp/legacy-sse-route.ts';
import type { SessionBackend } from '../mcp/session-backend.ts';
import { createStreamableHttpRoute, type McpRouteDependencies } from '../mcp/streamable-http-route.ts';
import { createOtlpTracesRoute, OTLP_TRACES_PATH } from '../otlp/traces-route.ts';
import { MCP_SERVER_ROUTES } from '../rest/mcp-server-routes.ts';
import { createRestHandler } from '../rest/rest-handler.ts';
import type { OAuthService } from '../oauth/oauth-service.ts';
import type { OriginPolicy } from './origin-policy.ts';
import { SCANNER_PATH, serveScanner } from './scanner-route.ts';
import type { IngestBudget } from './rate-limit/rate-limit-policy.ts';
import type { StreamRegistry } from './stream-registry.ts';
import type { RouteHandler } from './server.ts';

const VERSION = (
  JSON.parse(readFileSync(new URL('../../package.json', import.meta.url), 'utf8')) as { version: string }
).version;
const MAX_MCP_BODY_BYTES = 1_048_576;

/** The surfaces beside /graphql: MCP (Streamable HTTP and legacy SSE) and REST, all executing GraphQL operations. */
export interface SurfaceDependencies {
  config: Config;
  db: Database;
  authenticator: Authenticator;
  sessions: SessionBackend;
  logger: Logger;
  streams: StreamRegistry;
  originAllowed: OriginPolicy;
  audit: AuditLog;
  metrics: AppMetrics;
  ingestBudget: IngestBudget | null;
  /** The OAuth authorization server; /mcp is its protected resource. */
  oauth: OAuthService;
}

export function createSurfaceRoutes(deps: SurfaceDependencies): { prefix: string; handler: RouteHandler }[] {
  const { config, db, authenticator, logger } = deps;
  const executeOperation = createOperationExecutor(logger);
  const mcp: McpRouteDependencies = {
    authenticator,
    sessions: deps.sessions.sessions,
    server: {
      db,
      audit: deps.audit,
      metrics: deps.metrics,
      retentionDays: config.retentionDays,
      rollupRetentionDays: config.rollupRetentionDays,
      ingest: config.ingest,
      executeOperation,
      logger,
      version: VERSION,
    },
    originAllowed: deps.originAllowed,
    streams: deps.streams,
    logger,
    idleSeconds: config.mcpSessionIdleSeconds,
    streamCheckSeconds: config.mcpStreamCheckSeconds,
    maxBodyBytes: MAX_MCP_BODY_BYTES,
    protectedResource: deps.oauth,
  };
  const context = {
    db,
    audit: deps.audit,
    metrics: deps.metrics,
    retentionDays: config.retentionDays,
    ingest: config.ingest,
  };
  return [
    ...deps.oauth.routes({ executeOperation, context }),
    { prefix: LEGACY_SSE_PATH, handler: createLegacySseRoutes({ ...mcp, bus: deps.sessions.bus }) },
    { prefix: '/mcp', handler: createStreamableHttpRoute(mcp) },
    // Before /api/v1: the served scanner is a file, not a REST route answering JSON.
    { prefix: SCANNER_PATH, handler: serveScanner },
    {
      prefix: '/api/v1',
      handler: createRestHandler({
        db,
        audit: deps.audit,
        metrics: deps.metrics,
        retentionDays: config.retentionDays,
        rollupRetentionDays: config.rollupRetentionDays,
        ingest: config.ingest,
        authenticator,
        executeOperation,
        logger,
        routes: MCP_SERVER_ROUTES,
        openWithoutToken: listensOnLoopbackOnly(config.host),
        maxIngestRequestBytes: config.ingest.maxRequestBytes,
        ingestBudget: deps.ingestBudget,
        version: VERSION,
      }),
    },
    {
      prefix: OTLP_TRACES_PATH,
      handler: createOtlpTracesRoute({
        ...mcp.server,
        authenticator,
        maxRequestBytes: config.ingest.maxRequestBytes,
        maxRecords: config.ingest.maxRecords,
        ingestBudget: deps.ingestBudget,
      }),
    },
  ];
}
