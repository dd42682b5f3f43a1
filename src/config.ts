import path from 'node:path';
import { z } from 'zod';
import { ConfigurationError } from './errors.ts';

const LOG_LEVELS = ['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'] as const;

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
  /** The longest range a query may ask for, in days. */
  retentionDays: number;
  /** Browser origins allowed on /mcp besides loopback ones. */
  allowedOrigins: string[];
  /** An MCP session idle this long expires. */
  mcpSessionIdleSeconds: number;
  ingest: { maxRecords: number; maxBodyBytes: number; maxRequestBytes: number };
  graphql: {
    /** Schema introspection (and with it field suggestions in errors); on by default on loopback only. */
    introspection: boolean;
    /** The GraphiQL explorer page; on by default on loopback only. */
    graphiql: boolean;
    maxBodyBytes: number;
  };
  /** Requests per minute per bearer token and per client address on /graphql, /mcp and /api/v1; 0 is no limit. */
  rateLimits: { perToken: number; perAddress: number };
  /** On SIGTERM, how long in-flight requests may take to finish before the process exits anyway. */
  shutdownGraceSeconds: number;
  /** The origin clients reach this server at (PUBLIC_URL), e.g. behind a TLS proxy: the OAuth issuer and MCP resource. */
  publicUrl: URL | null;
  /** Trust X-Forwarded-Proto/-Host from the proxy in front (TRUST_PROXY). */
  trustProxy: boolean;
}

const port = z.coerce.number().int().min(0).max(65535);

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

/** Reads and validates configuration; a problem throws ConfigurationError naming the variable to fix. */
export function loadConfig(env: NodeJS.ProcessEnv = process.env): Config {
  const nonEmpty = (name: string) => {
    const value = env[name];
    return value === undefined || value.trim() === '' ? undefined : value.trim();
  };
  const portValue = nonEmpty('PORT') ?? '8000';
  const parsedPort = port.safeParse(portValue);
  if (!parsedPort.success) throw new ConfigurationError(`PORT must be a whole number from 0 to 65535 (got "${portValue}")`);

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
  if (!['true', 'false', '1', '0'].includes(demo)) throw new ConfigurationError(`DEMO_DATA must be true or false (got "${demo}")`);

  const demoRequestsText = nonEmpty('DEMO_REQUESTS') ?? '120000';
  const demoRequests = Number(demoRequestsText);
  if (!Number.isInteger(demoRequests) || demoRequests < 0 || demoRequests > 10_000_000) {
    throw new ConfigurationError(`DEMO_REQUESTS must be a whole number from 0 to 10000000 (got "${demoRequestsText}")`);
  }

  const retentionText = nonEmpty('RETENTION_DAYS') ?? '90';
  const retentionDays = Number(retentionText);
  if (!Number.isInteger(retentionDays) || retentionDays < 1 || retentionDays > 3650) {
    throw new ConfigurationError(`RETENTION_DAYS must be a whole number of days from 1 to 3650 (got "${retentionText}")`);
  }

  const idleText = nonEmpty('MCP_SESSION_IDLE_SECONDS') ?? '1800';
  const mcpSessionIdleSeconds = Number(idleText);
  if (!Number.isInteger(mcpSessionIdleSeconds) || mcpSessionIdleSeconds < 1 || mcpSessionIdleSeconds > 7 * 86400) {
    throw new ConfigurationError(`MCP_SESSION_IDLE_SECONDS must be a whole number from 1 to 604800 (got "${idleText}")`);
  }
  const allowedOrigins = (nonEmpty('ALLOWED_ORIGINS') ?? '').split(',').map((o) => o.trim()).filter(Boolean);
  for (const origin of allowedOrigins) {
    if (origin !== '*' && !/^https?:\/\/[^/\s]+$/.test(origin)) {
      throw new ConfigurationError(`ALLOWED_ORIGINS entries must look like https://app.example.com (got "${origin}")`);
    }
  }

  const wholeNumber = (name: string, fallback: number, min: number, max: number) => {
    const text = nonEmpty(name) ?? String(fallback);
    const value = Number(text);
    if (!Number.isInteger(value) || value < min || value > max) throw new ConfigurationError(`${name} must be a whole number from ${min} to ${max} (got "${text}")`);
    return value;
  };
  const ingest = {
    maxRecords: wholeNumber('INGEST_MAX_RECORDS', 5000, 1, 100_000),
    maxBodyBytes: wholeNumber('INGEST_MAX_BODY_BYTES', 65_536, 0, 10_485_760),
    maxRequestBytes: wholeNumber('INGEST_MAX_REQUEST_BYTES', 10_485_760, 1024, 268_435_456),
  };

  const host = nonEmpty('HOST') ?? '127.0.0.1';
  const flag = (name: string, fallback: boolean) => {
    const text = nonEmpty(name);
    if (text === undefined) return fallback;
    if (!['true', 'false', '1', '0'].includes(text)) throw new ConfigurationError(`${name} must be true or false (got "${text}")`);
    return text === 'true' || text === '1';
  };
  const loopbackOnly = listensOnLoopbackOnly(host);
  const publicUrlText = nonEmpty('PUBLIC_URL');
  let publicUrl: URL | null = null;
  if (publicUrlText !== undefined) {
    publicUrl = new URL(parseUrl('PUBLIC_URL', publicUrlText, ['https:', 'http:']));
    if (publicUrl.pathname !== '/' || publicUrl.search || publicUrl.hash) {
      throw new ConfigurationError(`PUBLIC_URL must be an origin such as https://traffic.example.com, with no path (got "${publicUrlText}")`);
    }
  }

  return {
    port: parsedPort.data,
    host,
    dataDir: path.resolve(nonEmpty('DATA_DIR') ?? './data'),
    databaseUrl: databaseUrl && parseUrl('DATABASE_URL', databaseUrl, ['postgres:', 'postgresql:']),
    redisUrl: redisUrl && parseUrl('REDIS_URL', redisUrl, ['redis:', 'rediss:']),
    adminToken,
    logLevel: logLevel as Config['logLevel'],
    demoOnFirstStart: demo === 'true' || demo === '1',
    demoRequests,
    retentionDays,
    allowedOrigins,
    mcpSessionIdleSeconds,
    ingest,
    graphql: {
      introspection: flag('GRAPHQL_INTROSPECTION', loopbackOnly),
      graphiql: flag('GRAPHIQL', loopbackOnly),
      maxBodyBytes: wholeNumber('GRAPHQL_MAX_BODY_BYTES', 1_048_576, 1024, 104_857_600),
    },
    rateLimits: {
      perToken: wholeNumber('RATE_LIMIT_PER_TOKEN', 600, 0, 10_000_000),
      perAddress: wholeNumber('RATE_LIMIT_PER_ADDRESS', 1200, 0, 10_000_000),
    },
    shutdownGraceSeconds: wholeNumber('SHUTDOWN_GRACE_SECONDS', 25, 0, 3600),
    publicUrl,
    trustProxy: flag('TRUST_PROXY', false),
  };
}

/** True when the server is reachable from this machine only (the seed's REST API is open there). */
export function listensOnLoopbackOnly(host: string): boolean {
  return host === 'localhost' || host === '::1' || /^127\./.test(host);
}
