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

// The same window, but `amount` is added only when it fits under the limit; a refusal answers limit + 1.
const SPEND_SCRIPT = `
local amount = tonumber(ARGV[2])
local limit = tonumber(ARGV[3])
local current = tonumber(redis.call('GET', KEYS[1]) or '0')
local count = limit + 1
if current + amount <= limit then
  count = redis.call('INCRBY', KEYS[1], amount)
end
local ttl = redis.call('PTTL', KEYS[1])
if ttl < 0 and current + amount <= limit then redis.call('PEXPIRE', KEYS[1], ARGV[1]); ttl = tonumber(ARGV[1]) end
if ttl < 0 then ttl = tonumber(ARGV[1]) end
return {count, ttl}`;

// After a failed command, requests skip Redis this long: a hung server would otherwise cost every request
// the full command timeout. One request per interval probes it again.
const RETRY_REDIS_AFTER_MS = 5_000;
// While Redis stays away the warning is repeated this often, not once per request.
const WARN_EVERY_MS = 60_000;

/**
 * Counters shared by every instance. While Redis is unreachable or hung, each instance fails open to its
 * own counters: requests are served (limits stay on per instance) instead of failing or waiting with Redis.
 */
export class RedisRateLimiter implements RateLimiter {
  private readonly fallback = new MemoryRateLimiter();
  private degraded = false;
  private retryRedisAt = 0;
  private lastWarningAt = -Infinity;

  constructor(
    private readonly redis: Redis,
    private readonly logger: Logger,
    /** Called for every request counted locally because Redis failed (a metric). */
    private readonly onFallback: () => void = () => {},
  ) {}

  async hit(key: string, limit: number, windowMs: number): Promise<RateVerdict> {
    return this.count(
      limit,
      () => this.redis.eval(HIT_SCRIPT, 1, `tg:ratelimit:${key}`, windowMs),
      () => this.fallback.hit(key, limit, windowMs),
    );
  }

  async spend(key: string, amount: number, limit: number, windowMs: number): Promise<RateVerdict> {
    return this.count(
      limit,
      () => this.redis.eval(SPEND_SCRIPT, 1, `tg:ratelimit:${key}`, windowMs, amount, limit),
      () => this.fallback.spend(key, amount, limit, windowMs),
    );
  }

  private async count(
    limit: number,
    shared: () => Promise<unknown>,
    local: () => Promise<RateVerdict>,
  ): Promise<RateVerdict> {
    if (this.degraded && Date.now() < this.retryRedisAt) return this.countLocally(local);
    // The probe of this interval: concurrent requests count locally instead of queueing behind it.
    if (this.degraded) this.retryRedisAt = Date.now() + RETRY_REDIS_AFTER_MS;
    try {
      const [count, ttl] = (await shared()) as [number, number];
      if (this.degraded) this.logger.info('rate limits shared through Redis again');
      this.degraded = false;
      return verdict(count, limit, ttl);
    } catch (error) {
      this.degraded = true;
      this.retryRedisAt = Date.now() + RETRY_REDIS_AFTER_MS;
      if (Date.now() - this.lastWarningAt >= WARN_EVERY_MS) {
        this.lastWarningAt = Date.now();
        this.logger.warn(
          { err: (error as Error).message },
          'Redis unavailable: rate limits counted per instance until it is back',
        );
      }
      return this.countLocally(local);
    }
  }

  private countLocally(local: () => Promise<RateVerdict>): Promise<RateVerdict> {
    this.onFallback();
    return local();
  }

  async close(): Promise<void> {
    await this.fallback.close();
  }
}
