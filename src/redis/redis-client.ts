import { Redis } from 'ioredis';
import type { Logger } from '../logger.ts';

/**
 * ioredis 5 (the long-proven line; 6.0 is weeks old): reconnects forever with capped backoff and fails
 * commands fast while down (no offline queue), so callers answer 503 instead of hanging.
 */
export function createRedisClient(url: string, logger: Logger, role: string): Redis {
  const client = new Redis(url, {
    lazyConnect: false,
    enableOfflineQueue: false,
    maxRetriesPerRequest: 1,
    connectTimeout: 3000,
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
    const timer = setTimeout(() => reject(new Error(`Cannot reach Redis in REDIS_URL (${new URL(url).host})`)), timeoutMs);
    client.once('ready', () => {
      clearTimeout(timer);
      resolve();
    });
  });
}
