import type { RequestCredential } from '../../auth/request-authentication.ts';
import type { RequestClient } from '../request-client.ts';
import type { RateLimiter, RateVerdict } from './rate-limiter.ts';

const WINDOW_MS = 60_000;

export interface RateLimitSettings {
  perToken: number;
  perAddress: number;
  /** Count loopback callers by address too (RATE_LIMIT_LOOPBACK); by default the console, CLI and assistants on this machine are not. */
  countLoopback: boolean;
  /** Routes that take captured traffic in: they spend the ingest budget (records) instead of the per-token request count. */
  intakePaths: readonly string[];
  /**
   * Routes with a tighter per-address limit of their own, counted besides the general one: the OAuth token,
   * registration and authorization endpoints, where each request is a guess at a code or a refresh token or
   * a stored client registration. 0 turns one off.
   */
  endpointLimits: readonly EndpointLimit[];
}

export interface EndpointLimit {
  path: string;
  perAddress: number;
}

export interface RateLimitRefusal {
  scope: 'token' | 'address' | 'ingest' | 'endpoint';
  limit: number;
  retryAfterSeconds: number;
}

/** What a 429 says, on every surface. */
export function refusalMessage(refusal: RateLimitRefusal): string {
  const per =
    refusal.scope === 'ingest'
      ? 'ingested records per minute per token'
      : refusal.scope === 'endpoint'
        ? 'requests per minute per address to this endpoint'
        : `requests per minute per ${refusal.scope}`;
  return `Rate limit exceeded: ${refusal.limit} ${per}; retry in ${refusal.retryAfterSeconds} s`;
}

/** Why a batch larger than the whole ingest budget can never pass, on every intake surface. */
export function oversizedBatchMessage(records: number, limit: number): string {
  return `A batch of ${records} records is more than the ingest budget of ${limit} records per minute (RATE_LIMIT_INGEST_RECORDS_PER_MINUTE); send smaller batches`;
}

/** The bearer token's hash (made once per request), shortened: counters never hold a usable secret. */
function tokenKey(credential: RequestCredential): string | null {
  return credential.bearer ? credential.bearer.hash.slice(0, 32) : null;
}

/**
 * Counts a request against its client address and, when it carries one, its bearer token. Both counters
 * move on every request, so a client cannot spread one token's load over addresses or the other way round.
 * Two exceptions keep legitimate use unthrottled: intake routes are paid for in records by the ingest budget,
 * and loopback callers (this machine, unproxied or named by a trusted proxy) share no address counter.
 */
export function createRateLimitPolicy(limiter: RateLimiter, settings: RateLimitSettings) {
  return async (
    credential: RequestCredential,
    path: string,
    client: RequestClient,
  ): Promise<RateLimitRefusal | null> => {
    const checks: Promise<[RateLimitRefusal['scope'], number, RateVerdict]>[] = [];
    const countAddress = settings.countLoopback || !client.loopback;
    if (settings.perAddress > 0 && countAddress) {
      checks.push(
        limiter
          .hit(`addr:${client.address}`, settings.perAddress, WINDOW_MS)
          .then((v) => ['address', settings.perAddress, v]),
      );
    }
    const endpoint = settings.endpointLimits.find((limit) => path === limit.path || path.startsWith(`${limit.path}/`));
    if (endpoint && endpoint.perAddress > 0 && countAddress) {
      checks.push(
        limiter
          .hit(`endpoint:${endpoint.path}:${client.address}`, endpoint.perAddress, WINDOW_MS)
          .then((v) => ['endpoint', endpoint.perAddress, v]),
      );
    }
    const token = tokenKey(credential);
    if (token && settings.perToken > 0 && !settings.intakePaths.includes(path)) {
      checks.push(
        limiter.hit(`token:${token}`, settings.perToken, WINDOW_MS).then((v) => ['token', settings.perToken, v]),
      );
    }
    const refused = (await Promise.all(checks)).filter(([, , v]) => !v.allowed);
    if (refused.length === 0) return null;
    const [scope, limit, v] = refused.reduce((a, b) => (b[2].retryAfterSeconds > a[2].retryAfterSeconds ? b : a));
    return { scope, limit, retryAfterSeconds: v.retryAfterSeconds };
  };
}

export type RateLimitPolicy = ReturnType<typeof createRateLimitPolicy>;

/**
 * The ingest budget: records per minute per bearer token, spent by any intake route once it knows how many
 * records a batch holds. A batch that does not fit is refused whole and costs nothing, so a smaller one may
 * still pass. `null` when the budget is off (0).
 */
export function createIngestBudget(limiter: RateLimiter, recordsPerMinute: number) {
  if (recordsPerMinute <= 0) return null;
  return async (credential: RequestCredential, records: number): Promise<RateLimitRefusal | null> => {
    const token = tokenKey(credential);
    if (!token || records === 0) return null;
    const v = await limiter.spend(`ingest:${token}`, records, recordsPerMinute, WINDOW_MS);
    return v.allowed ? null : { scope: 'ingest', limit: recordsPerMinute, retryAfterSeconds: v.retryAfterSeconds };
  };
}

export type IngestBudget = NonNullable<ReturnType<typeof createIngestBudget>>;
