import { Redis } from 'ioredis';
import type { Logger } from '../logger.ts';

/**
 * How long one command may wait for a reply. Our commands (GET/SET/EVAL of one key, PUBLISH) take well
 * under a millisecond on a healthy Redis and a few under load; a reply slower than this means a hung or
 * partitioned server, and every rate-limited request and MCP call waits on it, so it is a request's latency
 * budget rather than Redis's: half a second, the longest pause we accept before failing open or answering 503.
 */
export const REDIS_COMMAND_TIMEOUT_MS = 500;
/** A TCP connect on a LAN is milliseconds; one second bounds each reconnect attempt to a silent host. */
export const REDIS_CONNECT_TIMEOUT_MS = 1000;

/**
 * ioredis 5 (the long-proven line; 6.0 is weeks old): reconnects forever with capped backoff and fails
 * commands fast while down (no offline queue) or hung (command timeout), so callers answer 503 or fail
 * open instead of hanging.
 */
export function createRedisClient(url: string, logger: Logger, role: string): Redis {
  const client = new Redis(url, {
    lazyConnect: false,
    enableOfflineQueue: false,
    maxRetriesPerRequest: 1,
    connectTimeout: REDIS_CONNECT_TIMEOUT_MS,
    commandTimeout: REDIS_COMMAND_TIMEOUT_MS,
    retryStrategy: (attempt) => Math.min(attempt * 200, 2000),
  });
  let down = false;
  client.on('ready', () => {
    if (down) logger.info({ role }, 'redis connection restored');
    down = false;
  });
  client.on('error', (error: Error) => {
    if (!down) logger.warn({ role, err: error.message }, 'redis connection error');
    down = true;
  });
  return client;
}

/** Waits for the first connection so a wrong REDIS_URL fails at start with a clear message. */
export async function waitForRedis(client: Redis, url: string, timeoutMs = 5000): Promise<void> {
  if (client.status === 'ready') return;
  await new Promise<void>((resolve, reject) => {
    const timer = setTimeout(
      () => reject(new Error(`Cannot reach Redis in REDIS_URL (${new URL(url).host})`)),
      timeoutMs,
    );
    client.once('ready', () => {
      clearTimeout(timer);
      resolve();
    });
  });
}
