import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { Authenticator } from './auth/authenticator.ts';
import type { Config } from './config.ts';
import { openDatabase, type Database } from './db/database.ts';
import { seedFirstStartDemo } from './domain/demo/first-start-demo.ts';
import { createTrafficgraphYoga } from './graphql/yoga.ts';
import { createHttpServer, listen } from './http/server.ts';
import { createSurfaceRoutes } from './http/surface-routes.ts';
import type { Logger } from './logger.ts';
import { createSessionBackend, type SessionBackend } from './mcp/session-backend.ts';

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
  let sessionBackend: SessionBackend | undefined;
  try {
    sessionBackend = await createSessionBackend(config.redisUrl, logger);
    const migrations = await db.migrate();
    if (migrations.applied.length > 0) logger.info({ applied: migrations.applied }, 'database migrated');
    const { authenticator, createdAdminToken } = await Authenticator.create(db, config.adminToken);
    const yoga = createTrafficgraphYoga({ db, authenticator, logger, graphiql: true, retentionDays: config.retentionDays, ingest: config.ingest });
    let ready = false;
    const routes = createSurfaceRoutes({ config, db, authenticator, sessions: sessionBackend, logger });
    server = createHttpServer({ db, yoga, logger, isReady: () => ready, routes });
    await listen(server, config.port, config.host);
    const { port } = server.address() as AddressInfo;
    const host = config.host.includes(':') ? `[${config.host}]` : config.host === '0.0.0.0' ? '127.0.0.1' : config.host;

    let demoMcpToken: string | null = null;
    let demoSeeded: RunningServer['demoSeeded'] = null;
    if (db.kind === 'pglite' && config.demoOnFirstStart && (await db.prisma.account.count()) === 0) {
      const demo = await seedFirstStartDemo(db, config.demoRequests, options.onSeedProgress ?? (() => {}));
      demoMcpToken = demo.mcpToken;
      demoSeeded = { requests: config.demoRequests, seconds: demo.seconds };
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
