import type { Redis } from 'ioredis';
import type { Logger } from '../../logger.ts';
import { MemoryRateLimiter, verdict, type RateLimiter, type RateVerdict } from './rate-limiter.ts';

// INCR and the first expiry in one step, so a window never outlives its TTL even if a caller dies mid-way.
const HIT_SCRIPT = `
local count = redis.call('INCR', KEYS[1])
if count == 1 then redis.call('PEXPIRE', KEYS[1], ARGV[1]) end
local ttl = redis.call('PTTL', KEYS[1])
if ttl < 0 then redis.call('PEXPIRE', KEYS[1], ARGV[1]); ttl = tonumber(ARGV[1]) end
return {count, ttl}`;

/**
 * Counters shared by every instance. While Redis is unreachable each instance falls back to its own
 * counters: limits stay on (per instance) and reads keep being served instead of failing with Redis.
 */
export class RedisRateLimiter implements RateLimiter {
  private readonly fallback = new MemoryRateLimiter();
  private degraded = false;

  constructor(
    private readonly redis: Redis,
    private readonly logger: Logger,
  ) {}

  async hit(key: string, limit: number, windowMs: number): Promise<RateVerdict> {
    try {
      const [count, ttl] = (await this.redis.eval(HIT_SCRIPT, 1, `tg:ratelimit:${key}`, windowMs)) as [number, number];
      if (this.degraded) this.logger.info('rate limits shared through Redis again');
      this.degraded = false;
      return verdict(count, limit, ttl);
    } catch (error) {
      if (!this.degraded) this.logger.warn({ err: (error as Error).message }, 'Redis unavailable: rate limits counted per instance until it is back');
      this.degraded = true;
      return this.fallback.hit(key, limit, windowMs);
    }
  }

  async close(): Promise<void> {
    await this.fallback.close();
  }
}
