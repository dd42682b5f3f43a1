import path from 'node:path';
import { ConfigurationError } from './errors.ts';
import { parseTrustProxy, type TrustProxy } from './http/trust-proxy.ts';

const LOG_LEVELS = ['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'] as const;

/** Requests per minute per client address to the OAuth endpoints (0: no limit of their own). */
export interface OAuthRateLimits {
  tokenPerAddress: number;
  registerPerAddress: number;
  authorizePerAddress: number;
}

export interface Config {
  port: number;
  host: string;
  dataDir: string;
  databaseUrl: string | undefined;
  redisUrl: string | undefined;
  adminToken: string | undefined;
  logLevel: (typeof LOG_LEVELS)[number];
  /** Seed demo data into an empty embedded database on first start. */
  demoOnFirstStart: boolean;
  /** How many demo requests the first start seeds. */
  demoRequests: number;
  /** Raw requests (rows, headers, bodies) older than this many days are deleted; raw-row queries reach back this far. */
  retentionDays: number;
  /** Rollups (counts, latency histograms, error groups) are kept this many days; chart queries reach back this far. */
  rollupRetentionDays: number;
  /** How often the server deletes what retention let go, in minutes; 0 turns the schedule off (`trafficgraph purge` still works). */
  purgeIntervalMinutes: number;
  /** Browser origins allowed on /mcp besides loopback ones. */
  allowedOrigins: string[];
  /** An MCP session idle this long expires. */
  mcpSessionIdleSeconds: number;
  /** How often an open MCP event stream re-checks its token and idleness (the bound on closing a revoked one). */
  mcpStreamCheckSeconds: number;
  ingest: { maxRecords: number; maxBodyBytes: number; maxRequestBytes: number };
  graphql: {
    /** Schema introspection (and with it field suggestions in errors); on by default on loopback only. */
    introspection: boolean;
    /** The GraphiQL explorer page; on by default on loopback only. */
    graphiql: boolean;
    maxBodyBytes: number;
  };
  /**
   * Requests per minute per bearer token and per client address on /graphql, /mcp and /api/v1; 0 is no limit.
   * Intake routes (ingest) spend `ingestRecordsPerToken` records a minute instead of the per-token request
   * count; loopback callers skip the per-address count unless `countLoopback`.
   */
  rateLimits: {
    perToken: number;
    perAddress: number;
    ingestRecordsPerToken: number;
    countLoopback: boolean;
    oauth: OAuthRateLimits;
  };
  /** Which proxies in front of this server may name the client (X-Forwarded-For / Forwarded); none by default. */
  trustProxy: TrustProxy;
  /**
   * The origin clients reach this server at (behind a proxy): its host is accepted in the Host header, and it is
   * the OAuth issuer and the MCP resource.
   */
  publicUrl: URL | null;
  /** On SIGTERM, how long in-flight requests may take to finish before the process exits anyway. */
  shutdownGraceSeconds: number;
}

function parseUrl(name: string, value: string, protocols: string[]): string {
  let url: URL;
  try {
    url = new URL(value);
  } catch {
    throw new ConfigurationError(`${name} is not a valid URL (expected ${protocols[0]}//user@host:port/db...)`);
  }
  if (!protocols.includes(url.protocol)) {
    throw new ConfigurationError(`${name} must start with ${protocols.join(' or ')}// (got ${url.protocol}//)`);
  }
  return value;
}

/** PUBLIC_URL: an absolute http(s) URL; a path is allowed (a proxy may mount the server under one) but not needed. */
function parsePublicUrl(value: string | undefined): URL | null {
  if (value === undefined) return null;
  let url: URL;
  try {
    url = new URL(value);
  } catch {
    throw new ConfigurationError(
      `PUBLIC_URL must be an absolute URL such as https://traffic.example.com (got "${value}")`,
    );
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:')
    throw new ConfigurationError(`PUBLIC_URL must start with http:// or https:// (got "${value}")`);
  // It names the OAuth issuer and the MCP resource (`<PUBLIC_URL>/mcp`): an origin, nothing after it.
  if (url.pathname !== '/' || url.search || url.hash) {
    throw new ConfigurationError(
      `PUBLIC_URL must be an origin such as https://traffic.example.com, with no path (got "${value}")`,
    );
  }
  return url;
}

/** Reads and validates configuration; a problem throws ConfigurationError naming the variable to fix. */
export function loadConfig(env: NodeJS.ProcessEnv = process.env): Config {
  const nonEmpty = (name: string) => {
    const value = env[name];
    return value === undefined || value.trim() === '' ? undefined : value.trim();
  };
  const wholeNumber = (name: string, fallback: number, min: number, max: number, unit = '') => {
    const text = nonEmpty(name) ?? String(fallback);
    const value = Number(text);
    if (!Number.isInteger(value) || value < min || value > max)
      throw new ConfigurationError(`${name} must be a whole number ${unit}from ${min} to ${max} (got "${text}")`);
    return value;
  };
  const port = wholeNumber('PORT', 8000, 0, 65535);

  const logLevel = nonEmpty('LOG_LEVEL') ?? 'info';
  if (!(LOG_LEVELS as readonly string[]).includes(logLevel)) {
    throw new ConfigurationError(`LOG_LEVEL must be one of ${LOG_LEVELS.join(', ')} (got "${logLevel}")`);
  }
  const databaseUrl = nonEmpty('DATABASE_URL');
  const redisUrl = nonEmpty('REDIS_URL');
  const adminToken = nonEmpty('ADMIN_TOKEN');
  if (adminToken !== undefined && adminToken.length < 16) {
    throw new ConfigurationError('ADMIN_TOKEN must be at least 16 characters long');
  }
  const demo = nonEmpty('DEMO_DATA') ?? 'true';
  if (!['true', 'false', '1', '0'].includes(demo))
    throw new ConfigurationError(`DEMO_DATA must be true or false (got "${demo}")`);

  const demoRequests = wholeNumber('DEMO_REQUESTS', 120_000, 0, 10_000_000);
  const retentionDays = wholeNumber('RETENTION_DAYS', 90, 1, 3650, 'of days ');
  const mcpSessionIdleSeconds = wholeNumber('MCP_SESSION_IDLE_SECONDS', 1800, 1, 7 * 86400);
  const allowedOrigins = (nonEmpty('ALLOWED_ORIGINS') ?? '')
    .split(',')
    .map((o) => o.trim())
    .filter(Boolean);
  for (const origin of allowedOrigins) {
    if (origin !== '*' && !/^https?:\/\/[^/\s]+$/.test(origin)) {
      throw new ConfigurationError(`ALLOWED_ORIGINS entries must look like https://app.example.com (got "${origin}")`);
    }
  }

  const ingest = {
    maxRecords: wholeNumber('INGEST_MAX_RECORDS', 5000, 1, 100_000),
    maxBodyBytes: wholeNumber('INGEST_MAX_BODY_BYTES', 65_536, 0, 10_485_760),
    maxRequestBytes: wholeNumber('INGEST_MAX_REQUEST_BYTES', 10_485_760, 1024, 268_435_456),
  };

  const rollupRetentionDays = wholeNumber('ROLLUP_RETENTION_DAYS', Math.max(400, retentionDays), 1, 3650);
  if (rollupRetentionDays < retentionDays) {
    throw new ConfigurationError(
      `ROLLUP_RETENTION_DAYS (${rollupRetentionDays}) must be at least RETENTION_DAYS (${retentionDays}): rollups are made from the raw rows`,
    );
  }

  const host = nonEmpty('HOST') ?? '127.0.0.1';
  const flag = (name: string, fallback: boolean) => {
    const text = nonEmpty(name);
    if (text === undefined) return fallback;
    if (!['true', 'false', '1', '0'].includes(text))
      throw new ConfigurationError(`${name} must be true or false (got "${text}")`);
    return text === 'true' || text === '1';
  };
  const loopbackOnly = listensOnLoopbackOnly(host);

  return {
    port,
    host,
    dataDir: path.resolve(nonEmpty('DATA_DIR') ?? './data'),
    databaseUrl: databaseUrl && parseUrl('DATABASE_URL', databaseUrl, ['postgres:', 'postgresql:']),
    redisUrl: redisUrl && parseUrl('REDIS_URL', redisUrl, ['redis:', 'rediss:']),
    adminToken,
    logLevel: logLevel as Config['logLevel'],
    demoOnFirstStart: demo === 'true' || demo === '1',
    demoRequests,
    retentionDays,
    rollupRetentionDays,
    purgeIntervalMinutes: wholeNumber('RETENTION_PURGE_INTERVAL_MINUTES', 60, 0, 10_080),
    allowedOrigins,
    mcpSessionIdleSeconds,
    mcpStreamCheckSeconds: wholeNumber('MCP_STREAM_CHECK_SECONDS', 15, 1, 300),
    ingest,
    graphql: {
      introspection: flag('GRAPHQL_INTROSPECTION', loopbackOnly),
      graphiql: flag('GRAPHIQL', loopbackOnly),
      maxBodyBytes: wholeNumber('GRAPHQL_MAX_BODY_BYTES', 1_048_576, 1024, 104_857_600),
    },
    rateLimits: {
      perToken: wholeNumber('RATE_LIMIT_PER_TOKEN', 600, 0, 10_000_000),
      perAddress: wholeNumber('RATE_LIMIT_PER_ADDRESS', 1200, 0, 10_000_000),
      // 60,000 a minute is 1,000 records/s sustained: twelve full default batches (5,000) a minute, far above
      // what one service's capture agent sends, yet one token alone cannot take the whole write capacity
      // (about 5,000 records/s into PGlite, BENCHMARKS.md) from every other writer.
      ingestRecordsPerToken: wholeNumber('RATE_LIMIT_INGEST_RECORDS_PER_MINUTE', 60_000, 0, 100_000_000),
      countLoopback: flag('RATE_LIMIT_LOOPBACK', false),
      // Per client address and minute. A person's browser or an assistant needs a handful of each to connect
      // (one registration, one authorization, a token exchange and a refresh now and then); these leave a
      // wide margin for retries and several assistants behind one address, and bound guessing to a few
      // thousand tries an hour per address.
      oauth: {
        tokenPerAddress: wholeNumber('RATE_LIMIT_OAUTH_TOKEN_PER_ADDRESS', 60, 0, 1_000_000),
        registerPerAddress: wholeNumber('RATE_LIMIT_OAUTH_REGISTER_PER_ADDRESS', 10, 0, 1_000_000),
        authorizePerAddress: wholeNumber('RATE_LIMIT_OAUTH_AUTHORIZE_PER_ADDRESS', 60, 0, 1_000_000),
      },
    },
    trustProxy: parseTrustProxy(nonEmpty('TRUST_PROXY')),
    publicUrl: parsePublicUrl(nonEmpty('PUBLIC_URL')),
    shutdownGraceSeconds: wholeNumber('SHUTDOWN_GRACE_SECONDS', 25, 0, 3600),
  };
}

/** True when the server is reachable from this machine only (the seed's REST API is open there). */
export function listensOnLoopbackOnly(host: string): boolean {
  return host === 'localhost' || host === '::1' || /^127\./.test(host);
}
