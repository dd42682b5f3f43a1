import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { Database } from '../db/database.ts';
import { isDatabaseUnavailable } from '../db/database-unavailable.ts';
import type { TrafficgraphYoga } from '../graphql/yoga.ts';
import type { Logger } from '../logger.ts';
import { requestIdFrom, runInRequestScope } from '../request-scope.ts';
import { ConfigurationError } from '../errors.ts';
import { handleCors } from './cors.ts';
import { GRAPHIQL_ASSETS_PREFIX, serveGraphiQLAsset } from './graphiql-assets.ts';
import { CONSOLE_PATH, serveConsole } from './console-route.ts';
import { createGraphQLRoute } from './graphql-route.ts';
import { sendJson } from './json-response.ts';
import type { OriginPolicy } from './origin-policy.ts';
import type { RateLimitPolicy, RateLimitRefusal } from './rate-limit/rate-limit-policy.ts';
import { applySecurityHeaders } from './security-headers.ts';
import { surfaceOf, type AppMetrics } from '../observability/app-metrics.ts';

export type RouteHandler = (req: IncomingMessage, res: ServerResponse) => Promise<void> | void;

export interface HttpServerDependencies {
  db: Database;
  yoga: TrafficgraphYoga;
  logger: Logger;
  /** Further surfaces by path prefix (e.g. /mcp, /api/v1), tried in order. */
  routes?: { prefix: string; handler: RouteHandler }[];
  /** While false, /readyz answers 503 (e.g. during first-start seeding). */
  isReady: () => boolean;
  /** While true (after SIGTERM), /readyz answers 503 and every response closes its connection. */
  isDraining?: () => boolean;
  originAllowed: OriginPolicy;
  rateLimit: RateLimitPolicy | null;
  graphqlMaxBodyBytes: number;
  metrics?: AppMetrics;
  /** GET /metrics (Prometheus). */
  metricsRoute?: RouteHandler;
}

const RATE_LIMITED_PREFIXES = ['/graphql', '/mcp', '/api/v1', '/v1/traces'];
const DATABASE_RETRY_SECONDS = '5';

function underPrefix(path: string, prefix: string): boolean {
  return path === prefix || path.startsWith(`${prefix}/`);
}

/** A 429 in the shape of the surface that was called. */
function sendRateLimited(res: ServerResponse, path: string, refusal: RateLimitRefusal): void {
  const message = `Rate limit exceeded: ${refusal.limit} requests per minute per ${refusal.scope}; retry in ${refusal.retryAfterSeconds} s`;
  const headers = { 'retry-after': String(refusal.retryAfterSeconds) };
  if (underPrefix(path, '/graphql')) return sendJson(res, 429, { errors: [{ message, extensions: { code: 'RATE_LIMITED' } }] }, headers);
  if (underPrefix(path, '/mcp')) return sendJson(res, 429, { jsonrpc: '2.0', error: { code: -32000, message }, id: null }, headers);
  sendJson(res, 429, { detail: message }, headers);
}

/** Routes every surface; each surface below this line translates into GraphQL and nothing else. */
export function createHttpServer(deps: HttpServerDependencies): Server {
  const routes = deps.routes ?? [];
  const graphql = createGraphQLRoute(deps.yoga, deps.graphqlMaxBodyBytes);
  const draining = deps.isDraining ?? (() => false);

  const route = async (req: IncomingMessage, res: ServerResponse, path: string) => {
    if (path === '/healthz') return sendJson(res, 200, { status: 'ok' });
    if (path === '/readyz') {
      if (draining()) return sendJson(res, 503, { status: 'shutting down' });
      if (!deps.isReady()) return sendJson(res, 503, { status: 'starting' });
      const databaseUp = await deps.db.ping();
      return sendJson(res, databaseUp ? 200 : 503, { status: databaseUp ? 'ready' : 'database unreachable', database: deps.db.kind });
    }
    if (path === '/metrics' && deps.metricsRoute) return deps.metricsRoute(req, res);
    if (handleCors(req, res, deps.originAllowed)) return;
    if (deps.rateLimit && RATE_LIMITED_PREFIXES.some((prefix) => underPrefix(path, prefix))) {
      const refusal = await deps.rateLimit(req);
      if (refusal) {
        deps.metrics?.rateLimited.inc({ scope: refusal.scope });
        return sendRateLimited(res, path, refusal);
      }
    }
    if (underPrefix(path, '/graphql')) return graphql(req, res);
    if (underPrefix(path, CONSOLE_PATH)) return serveConsole(req, res, path);
    if (path.startsWith(`${GRAPHIQL_ASSETS_PREFIX}/`)) return serveGraphiQLAsset(req, res);
    for (const { prefix, handler } of routes) {
      if (underPrefix(path, prefix)) return handler(req, res);
    }
    if (path === '/') {
      if (String(req.headers.accept ?? '').includes('text/html')) {
        res.writeHead(302, { location: CONSOLE_PATH }).end();
        return;
      }
      return sendJson(res, 200, { service: 'trafficgraph', console: CONSOLE_PATH, graphql: '/graphql', mcp: '/mcp', rest: '/api/v1', openapi: '/api/v1/openapi.json', metrics: '/metrics' });
    }
    return sendJson(res, 404, { detail: `No route for ${req.method} ${path}` });
  };

  const server = createServer((req, res) => {
    const path = (req.url ?? '/').split('?')[0]!;
    const requestId = requestIdFrom(req.headers['x-request-id']);
    const started = performance.now();
    res.setHeader('x-request-id', requestId);
    applySecurityHeaders(res, path);
    if (draining()) res.setHeader('connection', 'close');
    // While draining, a keep-alive connection goes the moment its in-flight response is written.
    res.on('finish', () => {
      if (draining()) server.closeIdleConnections();
    });
    runInRequestScope({ requestId, clientAddress: req.socket.remoteAddress ?? 'unknown' }, () => {
      res.on('finish', () => {
        const seconds = (performance.now() - started) / 1000;
        deps.logger.debug({ method: req.method, path, status: res.statusCode, durationMs: Math.round(seconds * 1000) }, 'request finished');
        const surface = surfaceOf(path);
        deps.metrics?.httpRequests.inc({ surface, status: String(res.statusCode) });
        deps.metrics?.httpDuration.observe({ surface }, seconds);
      });
      route(req, res, path).catch((error: unknown) => {
        if (isDatabaseUnavailable(error)) {
          deps.logger.warn({ path, err: (error as Error).message }, 'database unavailable');
          if (!res.headersSent) sendJson(res, 503, { detail: 'Database unavailable; retry shortly' }, { 'retry-after': DATABASE_RETRY_SECONDS });
          else res.end();
          return;
        }
        deps.logger.error({ err: error, path }, 'unhandled error in HTTP handler');
        if (!res.headersSent) sendJson(res, 500, { detail: `Internal server error (request ${requestId})` });
        else res.end();
      });
    });
  });
  return server;
}

/** Listens, turning "port in use" and "permission denied" into messages that say what to change. */
export function listen(server: Server, port: number, host: string): Promise<void> {
  return new Promise((resolve, reject) => {
    const onError = (error: NodeJS.ErrnoException) => {
      server.off('listening', onListening);
      if (error.code === 'EADDRINUSE') reject(new ConfigurationError(`PORT ${port} on ${host} is already in use; stop the other process or set PORT to a free port`));
      else if (error.code === 'EACCES') reject(new ConfigurationError(`PORT ${port} needs privileges on ${host}; set PORT to 1024 or above`));
      else if (error.code === 'EADDRNOTAVAIL' || error.code === 'ENOTFOUND') reject(new ConfigurationError(`HOST ${host} is not an address of this machine; set HOST (e.g. 127.0.0.1 or 0.0.0.0)`));
      else reject(error);
    };
    const onListening = () => {
      server.off('error', onError);
      resolve();
    };
    server.once('error', onError);
    server.once('listening', onListening);
    server.listen(port, host);
  });
}
