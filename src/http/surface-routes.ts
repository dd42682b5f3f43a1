import { readFileSync } from 'node:fs';
import type { AuthenticationRules } from '../auth/request-authentication.ts';
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
import { EXPORT_PATH } from '../rest/export-route.ts';
import { INGEST_PATH } from '../rest/ingest-route.ts';
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

const LOCAL_REST_SCOPES = ['inventory:read'] as const;

/**
 * What each surface accepts besides bearer tokens. OAuth access tokens open /mcp alone (RFC 8707 audience).
 * Like the seed, the REST inventory routes need no token while the server listens on loopback only and the
 * caller is on this machine, unproxied; ingest and the export (traffic) always do.
 */
export function authenticationRules(config: Config, oauth: OAuthService): (path: string) => AuthenticationRules {
  const openWithoutToken = listensOnLoopbackOnly(config.host);
  return (path) => {
    // Surfaces are chosen on the raw path (server.ts); the REST handler then routes on the normalized one.
    if (path === '/mcp' || path.startsWith('/mcp/')) return oauth.started ? { oauthAudience: oauth.resource } : {};
    const pathname = new URL(path, 'http://local').pathname;
    if (openWithoutToken && path.startsWith('/api/v1/') && pathname !== INGEST_PATH && pathname !== EXPORT_PATH)
      return { localScopes: LOCAL_REST_SCOPES };
    return {};
  };
}

export function createSurfaceRoutes(deps: SurfaceDependencies): { prefix: string; handler: RouteHandler }[] {
  const { config, db, logger } = deps;
  const executeOperation = createOperationExecutor(logger);
  const mcp: McpRouteDependencies = {
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
        executeOperation,
        logger,
        routes: MCP_SERVER_ROUTES,
        maxIngestRequestBytes: config.ingest.maxRequestBytes,
        ingestBudget: deps.ingestBudget,
        version: VERSION,
      }),
    },
    {
      prefix: OTLP_TRACES_PATH,
      handler: createOtlpTracesRoute({
        ...mcp.server,
        maxRequestBytes: config.ingest.maxRequestBytes,
        maxRecords: config.ingest.maxRecords,
        ingestBudget: deps.ingestBudget,
      }),
    },
  ];
}
