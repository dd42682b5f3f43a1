import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { RequestAuthenticator, RequestCaller } from '../auth/request-authentication.ts';
import type { Database } from '../db/database.ts';
import { classifyError } from '../classify-error.ts';
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
import { refusalMessage, type RateLimitPolicy } from './rate-limit/rate-limit-policy.ts';
import type { HostPolicy } from './host-policy.ts';
import type { RequestClient, RequestClientResolver } from './request-client.ts';
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
  /** The one authentication step: every surface reads its caller from the request scope. */
  authenticateRequest: RequestAuthenticator;
  /** While true (after SIGTERM), /readyz answers 503 and every response closes its connection. */
  isDraining?: () => boolean;
  originAllowed: OriginPolicy;
  hostAllowed: HostPolicy;
  resolveClient: RequestClientResolver;
  rateLimit: RateLimitPolicy | null;
  graphqlMaxBodyBytes: number;
  metrics?: AppMetrics;
  /** GET /metrics (Prometheus). */
  metricsRoute?: RouteHandler;
}

const RATE_LIMITED_PREFIXES = ['/graphql', '/mcp', '/api/v1', '/v1/traces', '/oauth'];

function underPrefix(path: string, prefix: string): boolean {
  return path === prefix || path.startsWith(`${prefix}/`);
}

/** A refusal before any surface ran (421, 429), in the shape of the surface that was called. */
function sendRefusal(
  res: ServerResponse,
  path: string,
  status: number,
  code: string,
  message: string,
  headers: Record<string, string> = {},
): void {
  if (underPrefix(path, '/graphql')) sendJson(res, status, { errors: [{ message, extensions: { code } }] }, headers);
  else if (underPrefix(path, '/mcp'))
    sendJson(res, status, { jsonrpc: '2.0', error: { code: -32000, message }, id: null }, headers);
  // OAuth clients read `error` (RFC 6749 section 5.2); temporarily_unavailable is the code it has for "later".
  else if (underPrefix(path, '/oauth') && status === 429)
    sendJson(res, status, { error: 'temporarily_unavailable', error_description: message }, headers);
  else sendJson(res, status, { detail: message }, headers);
}

/** Routes every surface; each surface below this line translates into GraphQL and nothing else. */
export function createHttpServer(deps: HttpServerDependencies): Server {
  const routes = deps.routes ?? [];
  const graphql = createGraphQLRoute(deps.yoga, deps.graphqlMaxBodyBytes);
  const draining = deps.isDraining ?? (() => false);

  const route = async (
    req: IncomingMessage,
    res: ServerResponse,
    path: string,
    client: RequestClient,
    caller: RequestCaller,
  ) => {
    if (path === '/healthz') return sendJson(res, 200, { status: 'ok' });
    if (path === '/readyz') {
      if (draining()) return sendJson(res, 503, { status: 'shutting down' });
      if (!deps.isReady()) return sendJson(res, 503, { status: 'starting' });
      const databaseUp = await deps.db.ping();
      return sendJson(res, databaseUp ? 200 : 503, {
        status: databaseUp ? 'ready' : 'database unreachable',
        database: deps.db.kind,
      });
    }
    // After the probes on purpose: they tell nothing, and orchestrators probe with whatever address they dialled.
    if (!deps.hostAllowed(req.headers.host)) {
      const host = String(req.headers.host).slice(0, 100);
      return sendRefusal(
        res,
        path,
        421,
        'MISDIRECTED_REQUEST',
        `Host "${host}" is not a name of this server; use its address, or set PUBLIC_URL to the URL clients use`,
      );
    }
    if (path === '/metrics' && deps.metricsRoute) return deps.metricsRoute(req, res);
    if (handleCors(req, res, deps.originAllowed)) return;
    if (deps.rateLimit && RATE_LIMITED_PREFIXES.some((prefix) => underPrefix(path, prefix))) {
      const refusal = await deps.rateLimit(caller.credential, path, client);
      if (refusal) {
        deps.metrics?.rateLimited.inc({ scope: refusal.scope });
        return sendRefusal(res, path, 429, 'RATE_LIMITED', refusalMessage(refusal), {
          'retry-after': String(refusal.retryAfterSeconds),
        });
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
      return sendJson(res, 200, {
        service: 'trafficgraph',
        console: CONSOLE_PATH,
        graphql: '/graphql',
        mcp: '/mcp',
        rest: '/api/v1',
        openapi: '/api/v1/openapi.json',
        metrics: '/metrics',
      });
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
    const client = deps.resolveClient(req);
    const caller = deps.authenticateRequest(req.headers.authorization, path, client.local);
    runInRequestScope({ requestId, clientAddress: client.address, local: client.local, caller }, () => {
      res.on('finish', () => {
        const seconds = (performance.now() - started) / 1000;
        deps.logger.debug(
          { method: req.method, path, status: res.statusCode, durationMs: Math.round(seconds * 1000) },
          'request finished',
        );
        const surface = surfaceOf(path);
        deps.metrics?.httpRequests.inc({ surface, status: String(res.statusCode) });
        deps.metrics?.httpDuration.observe({ surface }, seconds);
      });
      route(req, res, path, client, caller).catch((error: unknown) => {
        const classified = classifyError(error, requestId);
        if (classified.code === 'SERVICE_UNAVAILABLE')
          deps.logger.warn({ path, err: (error as Error).message, requestId }, 'dependency unavailable');
        else if (!classified.appError)
          deps.logger.error({ err: error, path, requestId }, 'unhandled error in HTTP handler');
        if (res.headersSent) return void res.end();
        sendJson(
          res,
          classified.status,
          { detail: classified.message },
          classified.retryAfterSeconds ? { 'retry-after': String(classified.retryAfterSeconds) } : {},
        );
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
      if (error.code === 'EADDRINUSE')
        reject(
          new ConfigurationError(
            `PORT ${port} on ${host} is already in use; stop the other process or set PORT to a free port`,
          ),
        );
      else if (error.code === 'EACCES')
        reject(new ConfigurationError(`PORT ${port} needs privileges on ${host}; set PORT to 1024 or above`));
      else if (error.code === 'EADDRNOTAVAIL' || error.code === 'ENOTFOUND')
        reject(
          new ConfigurationError(
            `HOST ${host} is not an address of this machine; set HOST (e.g. 127.0.0.1 or 0.0.0.0)`,
          ),
        );
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
