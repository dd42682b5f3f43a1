import { startServer } from '../../app.ts';
import { loadConfig } from '../../config.ts';
import { createLogger } from '../../logger.ts';
import { writeAdminTokenFile } from '../admin-token-file.ts';
import { connectionBanner, type SecretOutput } from '../banner.ts';
import { createProgress } from '../progress.ts';

export const serveHelp = `trafficgraph serve
  Starts the server. With no DATABASE_URL it uses the embedded database in DATA_DIR (default ./data) and,
  on first start, seeds demo data and prints an admin token and an MCP token (with DEMO_DATA=false: creates
  the one account and prints the next steps). Tokens are printed only when stdout is a terminal; otherwise
  the admin token is written to DATA_DIR/admin-token (mode 600) before the server listens (so it exists once
  /healthz answers) and the banner says so.
  Configuration comes from the environment: PORT, HOST, DATA_DIR, DATABASE_URL, REDIS_URL, ADMIN_TOKEN,
  LOG_LEVEL, DEMO_DATA, DEMO_REQUESTS, ALLOWED_ORIGINS, GRAPHIQL, GRAPHQL_INTROSPECTION, RATE_LIMIT_PER_TOKEN,
  RATE_LIMIT_PER_ADDRESS, SHUTDOWN_GRACE_SECONDS and more (see README).
  SIGTERM or SIGINT drains: no new connections, in-flight requests and ingest batches finish (up to
  SHUTDOWN_GRACE_SECONDS), then the process exits.`;

export async function serve(): Promise<void> {
  const config = loadConfig();
  const logger = createLogger(config.logLevel);
  const progress = createProgress('seeding demo traffic');
  const terminal = Boolean(process.stdout.isTTY);
  let adminTokenFile: string | null = null;
  const running = await startServer(config, logger, {
    onSeedProgress: (done, total) => progress.update(done, total),
    onAdminTokenCreated: async (token) => {
      if (!terminal) adminTokenFile = await writeAdminTokenFile(config.dataDir, token);
    },
  });
  const output: SecretOutput = terminal ? { kind: 'terminal' } : { kind: 'not-a-terminal', adminTokenFile };
  process.stdout.write(connectionBanner(running, output));
  let stopping = false;
  const stop = (signal: string) => {
    if (stopping) return;
    stopping = true;
    logger.info({ signal, graceSeconds: config.shutdownGraceSeconds }, 'draining, then shutting down');
    running.close(config.shutdownGraceSeconds * 1000).then(
      () => {
        logger.info('stopped');
        process.exit(0);
      },
      (error: unknown) => {
        logger.error({ err: error }, 'error while shutting down');
        process.exit(1);
      },
    );
  };
  process.on('SIGTERM', () => stop('SIGTERM'));
  process.on('SIGINT', () => stop('SIGINT'));
}
