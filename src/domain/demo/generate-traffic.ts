import { createHash } from 'node:crypto';
import type { RequestRecord } from '../ingest/request-record.ts';
import { DEMO_BUCKETS, DEMO_ENVIRONMENTS, DEMO_INCIDENT, USER_AGENTS, type DemoEndpoint } from './fixture.ts';
import { hash32, Random } from './random.ts';
import { normalizeRoute } from '../ingest/normalize-route.ts';

export interface DemoTrafficPlan {
  seed: number;
  requests: number;
  days: number;
  /** End of the range (exclusive); the demo story is placed relative to it. */
  until: Date;
  accountId: string;
  environmentIds: Record<string, string>;
  bucketIds: Record<string, string>;
}

const DAY_MS = 86_400_000;

/**
 * Maps a uniform fraction of the range to a time whose density follows a day/night cycle
 * (peak mid-afternoon UTC, trough at night), by inverting its CDF with Newton's method.
 */
function diurnalTime(fraction: number, startMs: number, spanMs: number): number {
  const amplitude = 0.55;
  const omega = (2 * Math.PI) / DAY_MS;
  const phase = omega * 9 * 3_600_000; // density peaks at 15:00 UTC
  const cdf = (t: number) =>
    t + (amplitude / omega) * (Math.cos(omega * startMs - phase) - Math.cos(omega * (startMs + t) - phase));
  const total = cdf(spanMs);
  const target = fraction * total;
  let t = fraction * spanMs;
  for (let i = 0; i < 6; i++) {
    const density = 1 + amplitude * Math.sin(omega * (startMs + t) - phase);
    t -= (cdf(t) - target) / density;
    t = Math.min(Math.max(t, 0), spanMs - 1);
  }
  return startMs + t;
}

function statusFor(random: Random, endpoint: DemoEndpoint, extra5xx: number, userAgent: string): number {
  const isBot = /bot/i.test(userAgent);
  const roll = random.next();
  if (isBot && roll < 0.3) return 429;
  if (roll < endpoint.errorRate5xx + extra5xx)
    return random.weighted([
      [500, 5],
      [502, 2],
      [503, 3],
      [504, 2],
    ]);
  if (roll < endpoint.errorRate5xx + extra5xx + endpoint.errorRate4xx) {
    return random.weighted([
      [400, 4],
      [401, 3],
      [403, 1],
      [404, 5],
      [409, 1],
      [422, 3],
      [429, 1],
    ]);
  }
  if (roll > 0.985 && endpoint.method === 'GET') return random.pick([301, 304]);
  return endpoint.method === 'POST'
    ? random.weighted([
        [201, 3],
        [200, 1],
      ])
    : endpoint.method === 'DELETE'
      ? 204
      : 200;
}

function publicIdFor(seed: number, index: number): string {
  return `req_${createHash('sha256').update(`demo:${seed}:${index}`).digest('base64url').slice(0, 22)}`;
}

function bodyFor(random: Random, endpoint: DemoEndpoint): string | null {
  if (endpoint.method === 'GET' || endpoint.method === 'DELETE') return null;
  if (endpoint.path.startsWith('/v1/charges')) {
    return JSON.stringify({
      amount: random.int(100, 250_000),
      currency: random.pick(['usd', 'eur', 'gbp']),
      customer: `cus_${random.hex(14)}`,
    });
  }
  if (endpoint.path.startsWith('/api/users')) {
    return JSON.stringify({ name: `User ${random.hex(4)}`, plan: random.pick(['free', 'pro', 'team']) });
  }
  if (endpoint.path === '/api/sessions')
    return JSON.stringify({ username: `user_${random.hex(6)}`, remember: random.next() < 0.5 });
  return JSON.stringify({ id: random.hex(12), attempt: random.int(1, 3) });
}

function responseBodyFor(status: number, random: Random): string | null {
  if (status === 204 || status === 304 || status === 301) return null;
  if (status >= 500)
    return JSON.stringify({ error: 'internal_error', message: 'upstream timed out', trace_id: random.hex(16) });
  if (status === 429) return JSON.stringify({ error: 'rate_limited', retry_after: random.int(1, 60) });
  if (status >= 400)
    return JSON.stringify({ error: status === 404 ? 'not_found' : 'invalid_request', message: 'see documentation' });
  return JSON.stringify({ ok: true, id: random.hex(12) });
}

/** Request number `index` of the plan: the same (seed, index, plan) always gives the same record. */
export function generateDemoRequest(plan: DemoTrafficPlan, index: number): RequestRecord {
  const random = new Random(hash32(plan.seed, index));
  const spanMs = plan.days * DAY_MS;
  const startMs = plan.until.getTime() - spanMs;
  const timestampMs = Math.floor(diurnalTime((index + random.next()) / plan.requests, startMs, spanMs));

  const environment = random.weighted(DEMO_ENVIRONMENTS.map((env) => [env.name, env.share] as const));
  const bucket = random.weighted(DEMO_BUCKETS.map((b) => [b, b.share] as const));
  const endpoint = random.weighted(bucket.endpoints.map((e) => [e, e.weight] as const));
  const userAgent = random.weighted(USER_AGENTS);

  const incidentStart = plan.until.getTime() - DEMO_INCIDENT.deploymentHoursAgo * 3_600_000;
  const inIncident =
    environment === DEMO_INCIDENT.environment &&
    bucket.name === DEMO_INCIDENT.bucket &&
    timestampMs >= incidentStart &&
    timestampMs < incidentStart + DEMO_INCIDENT.durationMinutes * 60_000;

  let status = statusFor(random, endpoint, inIncident ? DEMO_INCIDENT.extra5xxRate : 0, userAgent);
  // Log-normal body with a heavy tail: 1% of requests take 4-20x longer (cold caches, lock waits).
  let durationMs = endpoint.medianMs * Math.exp(endpoint.sigma * random.normal());
  if (random.next() < 0.01) durationMs *= 4 + random.next() * 16;
  if (inIncident) durationMs *= DEMO_INCIDENT.latencyFactor;
  if (status >= 500 && status !== 501) durationMs = Math.max(durationMs, status === 504 ? 30_000 : durationMs);
  durationMs = Math.round(durationMs * 100) / 100;

  const blocked = status === 429 && /bot/i.test(userAgent) ? true : random.next() < 0.002;
  if (blocked && status !== 429) status = 403;
  const path = endpoint.path.replace('{id}', () => `${random.pick(['usr', 'ch', 'po', 'wh'])}_${random.hex(10)}`);
  const query =
    endpoint.path === '/search' || endpoint.path === '/suggest'
      ? `q=${random.pick(['shoes', 'red+dress', 'laptop', 'gift+ideas', 'coffee'])}&page=${random.int(1, 5)}`
      : endpoint.method === 'GET' && random.next() < 0.2
        ? `limit=${random.pick([10, 20, 50])}`
        : null;
  const requestBody = bodyFor(random, endpoint);
  const responseBody = responseBodyFor(status, random);
  const clientIp = `${random.pick([203, 198, 192, 100, 81])}.${random.int(0, 255)}.${random.int(0, 255)}.${random.int(1, 254)}`;

  return {
    publicId: publicIdFor(plan.seed, index),
    externalId: null,
    accountId: plan.accountId,
    environmentId: plan.environmentIds[environment]!,
    bucketId: plan.bucketIds[bucket.name]!,
    timestamp: new Date(timestampMs),
    method: endpoint.method,
    url: `https://${bucket.host}${path}${query ? `?${query}` : ''}`,
    host: bucket.host,
    path,
    route: normalizeRoute(path),
    query,
    status,
    durationMs,
    requestHeaders: {
      'user-agent': userAgent,
      accept: 'application/json',
      ...(requestBody ? { 'content-type': 'application/json' } : {}),
      authorization: 'Bearer [REDACTED]',
      'x-request-id': random.hex(16),
    },
    requestBody,
    requestBodyTruncated: false,
    requestSize: requestBody ? Buffer.byteLength(requestBody) : 0,
    responseHeaders: {
      'content-type': 'application/json',
      ...(status === 429 ? { 'retry-after': String(random.int(1, 60)) } : {}),
      'x-response-time': `${durationMs}ms`,
    },
    responseBody,
    responseBodyTruncated: false,
    responseSize: responseBody ? Buffer.byteLength(responseBody) : 0,
    clientIp,
    userAgent,
    blocked,
    blockedReason: blocked ? (status === 429 ? 'rate limit: bot traffic' : 'waf: suspicious payload') : null,
  };
}

const PROBES = [
  { userAgent: 'kube-probe/1.30', path: '/readyz' },
  { userAgent: 'ELB-HealthChecker/2.0', path: '/healthz' },
  { userAgent: 'Prometheus/2.53.0', path: '/internal/metrics' },
] as const;

/** One in this many request numbers also sees a probe or a metrics scrape, as a real service does. */
const PROBE_EVERY = 25;

/**
 * A probe or scrape arriving next to request `index` (or none): the traffic the demo's exclusion rules exist
 * for. Drawn from its own random stream, so the requests around it are the same with or without it.
 */
export function generateDemoProbe(plan: DemoTrafficPlan, index: number, beside: RequestRecord): RequestRecord | null {
  if (index % PROBE_EVERY !== 0) return null;
  const random = new Random(hash32(plan.seed, index, 0x70726f62));
  const probe = random.pick(PROBES);
  return {
    ...beside,
    publicId: `${beside.publicId}_probe`,
    method: 'GET',
    url: `https://${beside.host}${probe.path}`,
    path: probe.path,
    route: probe.path,
    query: null,
    status: 200,
    durationMs: Math.round(random.next() * 300) / 100,
    requestHeaders: { 'user-agent': probe.userAgent },
    requestBody: null,
    requestSize: 0,
    responseHeaders: { 'content-type': 'text/plain' },
    responseBody: 'ok',
    responseSize: 2,
    clientIp: `10.0.${random.int(0, 255)}.${random.int(1, 254)}`,
    userAgent: probe.userAgent,
    blocked: false,
    blockedReason: null,
  };
}

/**
 * Request `index` as its client sent it, before the redaction rules: the bearer token, session cookie, API key,
 * card number and e-mail address the demo's redaction rules exist for. Drawn from its own random stream.
 */
export function withDemoSecrets(plan: DemoTrafficPlan, index: number, record: RequestRecord): RequestRecord {
  const random = new Random(hash32(plan.seed, index, 0x73656372));
  const requestHeaders: Record<string, string> = {
    ...record.requestHeaders,
    authorization: `Bearer ${random.hex(32)}`,
  };
  if (record.userAgent?.startsWith('Mozilla/5.0 (Mac') || record.userAgent?.startsWith('Mozilla/5.0 (Win'))
    requestHeaders.cookie = `session=${random.hex(24)}`;
  let { url, query, requestBody } = record;
  if (record.path === '/search' && record.userAgent?.startsWith('python-requests')) {
    query = `${query}&api_key=${random.hex(24)}`;
    url = `https://${record.host}${record.path}?${query}`;
  }
  if (requestBody !== null && record.method === 'POST' && record.path === '/v1/charges') {
    requestBody = JSON.stringify({
      ...JSON.parse(requestBody),
      card: { number: `4${String(random.int(100_000_000, 999_999_999))}${String(random.int(100_000, 999_999))}` },
    });
  }
  if (requestBody !== null && record.method === 'POST' && record.path === '/api/users') {
    requestBody = JSON.stringify({ ...JSON.parse(requestBody), email: `user.${random.hex(6)}@example.com` });
  }
  return {
    ...record,
    url,
    query,
    requestHeaders,
    requestBody,
    requestSize: requestBody ? Buffer.byteLength(requestBody) : 0,
  };
}
