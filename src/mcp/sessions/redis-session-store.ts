import type { Redis } from 'ioredis';
import {
  SessionStoreUnavailableError,
  type McpSessionRecord,
  type MessageBus,
  type SessionStore,
} from './session-store.ts';

const key = (id: string) => `tg:mcp:session:${id}`;
const channel = (id: string) => `tg:mcp:sse:${id}`;

async function guarded<T>(work: () => Promise<T>): Promise<T> {
  try {
    return await work();
  } catch (error) {
    throw new SessionStoreUnavailableError((error as Error).message);
  }
}

/** Sessions as Redis keys with an idle TTL: any instance can continue any session. */
export class RedisSessionStore implements SessionStore {
  constructor(private readonly redis: Redis) {}

  create(record: McpSessionRecord, idleSeconds: number) {
    return guarded(async () => {
      await this.redis.set(key(record.id), JSON.stringify(record), 'EX', idleSeconds);
    });
  }

  touch(id: string, idleSeconds: number) {
    return guarded(async () => {
      // GETEX reads and extends the TTL in one round trip.
      const value = await this.redis.getex(key(id), 'EX', idleSeconds);
      return value ? (JSON.parse(value) as McpSessionRecord) : null;
    });
  }

  delete(id: string) {
    return guarded(async () => (await this.redis.del(key(id))) > 0);
  }
}

/** Legacy SSE messages over Redis pub/sub: the instance holding the stream is the one subscribed. */
export class RedisMessageBus implements MessageBus {
  private readonly handlers = new Map<string, (message: string) => void>();

  constructor(
    private readonly publisher: Redis,
    private readonly subscriber: Redis,
  ) {
    subscriber.on('message', (from: string, message: string) => {
      this.handlers.get(from)?.(message);
    });
  }

  publish(sessionId: string, message: string) {
    return guarded(async () => (await this.publisher.publish(channel(sessionId), message)) > 0);
  }

  subscribe(sessionId: string, onMessage: (message: string) => void) {
    return guarded(async () => {
      this.handlers.set(channel(sessionId), onMessage);
      await this.subscriber.subscribe(channel(sessionId));
      return async () => {
        this.handlers.delete(channel(sessionId));
        await this.subscriber.unsubscribe(channel(sessionId)).catch(() => {});
      };
    });
  }
}
