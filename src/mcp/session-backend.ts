import type { Redis } from 'ioredis';
import { ConfigurationError } from '../errors.ts';
import type { Logger } from '../logger.ts';
import { createRedisClient, waitForRedis } from '../redis/redis-client.ts';
import { MemoryMessageBus, MemorySessionStore } from './sessions/memory-session-store.ts';
import { RedisMessageBus, RedisSessionStore } from './sessions/redis-session-store.ts';
import type { MessageBus, SessionStore } from './sessions/session-store.ts';

export interface SessionBackend {
  sessions: SessionStore;
  bus: MessageBus;
  kind: 'memory' | 'redis';
  /** The shared Redis connection, for other per-deployment state (rate limits). */
  redis: Redis | null;
  close(): Promise<void>;
}

/** In memory for one process (idle expiry by `now`, milliseconds); with REDIS_URL, shared by every instance (expiry by Redis TTL). */
export async function createSessionBackend(
  redisUrl: string | undefined,
  logger: Logger,
  now: () => number = Date.now,
): Promise<SessionBackend> {
  if (!redisUrl) {
    return {
      sessions: new MemorySessionStore(now),
      bus: new MemoryMessageBus(),
      kind: 'memory',
      redis: null,
      close: async () => {},
    };
  }
  const clients: Redis[] = [
    createRedisClient(redisUrl, logger, 'sessions'),
    createRedisClient(redisUrl, logger, 'sse-subscriber'),
  ];
  try {
    await Promise.all(clients.map((client) => waitForRedis(client, redisUrl)));
  } catch (error) {
    for (const client of clients) client.disconnect();
    throw new ConfigurationError((error as Error).message);
  }
  return {
    sessions: new RedisSessionStore(clients[0]!),
    bus: new RedisMessageBus(clients[0]!, clients[1]!),
    kind: 'redis',
    redis: clients[0]!,
    async close() {
      await Promise.all(clients.map((client) => client.quit().catch(() => client.disconnect())));
    },
  };
}
