import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { Database } from '../db/database.ts';
import type { TrafficgraphYoga } from '../graphql/yoga.ts';
import type { Logger } from '../logger.ts';
import { sendJson } from './json-response.ts';
import { GRAPHIQL_ASSETS_PREFIX, serveGraphiQLAsset } from './graphiql-assets.ts';
import { ConfigurationError } from '../errors.ts';

export type RouteHandler = (req: IncomingMessage, res: ServerResponse) => Promise<void> | void;

export interface HttpServerDependencies {
  db: Database;
  yoga: TrafficgraphYoga;
  logger: Logger;
  /** Further surfaces by path prefix (e.g. /mcp, /api/v1), tried in order. */
  routes?: { prefix: string; handler: RouteHandler }[];
  /** While false, /readyz answers 503 (e.g. during first-start seeding). */
  isReady: () => boolean;
}

/** Routes every surface; each surface below this line translates into GraphQL and nothing else. */
export function createHttpServer(deps: HttpServerDependencies): Server {
  const routes = deps.routes ?? [];
  return createServer((req, res) => {
    const path = (req.url ?? '/').split('?')[0]!;
    const handle = async () => {
      if (path === '/healthz') return sendJson(res, 200, { status: 'ok' });
      if (path === '/readyz') {
        if (!deps.isReady()) return sendJson(res, 503, { status: 'starting' });
        const databaseUp = await deps.db.ping();
        return sendJson(res, databaseUp ? 200 : 503, { status: databaseUp ? 'ready' : 'database unreachable', database: deps.db.kind });
      }
      if (path === '/graphql' || path.startsWith('/graphql/')) return deps.yoga.requestListener(req, res);
      if (path.startsWith(`${GRAPHIQL_ASSETS_PREFIX}/`)) return serveGraphiQLAsset(req, res);
      for (const route of routes) {
        if (path === route.prefix || path.startsWith(`${route.prefix}/`)) return route.handler(req, res);
      }
      if (path === '/') return sendJson(res, 200, { service: 'trafficgraph', graphql: '/graphql', mcp: '/mcp', rest: '/api/v1' });
      return sendJson(res, 404, { detail: `No route for ${req.method} ${path}` });
    };
    handle().catch((error: unknown) => {
      deps.logger.error({ err: error, path }, 'unhandled error in HTTP handler');
      if (!res.headersSent) sendJson(res, 500, { detail: 'Internal server error' });
      else res.end();
    });
  });
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
