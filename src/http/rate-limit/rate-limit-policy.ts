import { createHash } from 'node:crypto';
import type { IncomingMessage } from 'node:http';
import type { RateLimiter, RateVerdict } from './rate-limiter.ts';

const WINDOW_MS = 60_000;

export interface RateLimitSettings {
  perToken: number;
  perAddress: number;
}

export interface RateLimitRefusal {
  scope: 'token' | 'address';
  limit: number;
  retryAfterSeconds: number;
}

/** The bearer token as a short hash: counters never hold a usable secret. */
function tokenKey(authorization: string | undefined): string | null {
  const match = /^Bearer\s+(\S+)/i.exec(authorization ?? '');
  return match ? createHash('sha256').update(match[1]!).digest('hex').slice(0, 32) : null;
}

/**
 * Counts a request against its client address and, when it carries one, its bearer token. Both counters
 * move on every request, so a client cannot spread one token's load over addresses or the other way round.
 */
export function createRateLimitPolicy(limiter: RateLimiter, settings: RateLimitSettings) {
  return async (req: IncomingMessage): Promise<RateLimitRefusal | null> => {
    const checks: Promise<[RateLimitRefusal['scope'], number, RateVerdict]>[] = [];
    if (settings.perAddress > 0) {
      const address = req.socket.remoteAddress ?? 'unknown';
      checks.push(limiter.hit(`addr:${address}`, settings.perAddress, WINDOW_MS).then((v) => ['address', settings.perAddress, v]));
    }
    const token = tokenKey(req.headers.authorization);
    if (token && settings.perToken > 0) {
      checks.push(limiter.hit(`token:${token}`, settings.perToken, WINDOW_MS).then((v) => ['token', settings.perToken, v]));
    }
    const refused = (await Promise.all(checks)).filter(([, , v]) => !v.allowed);
    if (refused.length === 0) return null;
    const [scope, limit, v] = refused.reduce((a, b) => (b[2].retryAfterSeconds > a[2].retryAfterSeconds ? b : a));
    return { scope, limit, retryAfterSeconds: v.retryAfterSeconds };
  };
}

export type RateLimitPolicy = ReturnType<typeof createRateLimitPolicy>;
