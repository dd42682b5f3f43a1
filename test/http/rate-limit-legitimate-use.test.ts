import { randomBytes } from 'node:crypto';
import { Redis } from 'ioredis';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { MemoryRateLimiter, type RateLimiter } from '../../src/http/rate-limit/rate-limiter.ts';
import { RedisRateLimiter } from '../../src/http/rate-limit/redis-rate-limiter.ts';
import { createLogger } from '../../src/logger.ts';
import { startTestApp, TEST_ADMIN_TOKEN } from '../helpers/app-server.ts';
import { createPostgresDatabase, postgresUrl, servicesRequired } from '../helpers/databases.ts';
import { createAccount, createToken } from '../helpers/fixtures.ts';
import { rawRequest } from '../helpers/raw-http.ts';

const redisUrl = process.env.REDIS_URL;
if (!redisUrl && servicesRequired) throw new Error('REQUIRE_SERVICES=1 but REDIS_URL is not set');

const records = (count: number) =>
  Array.from({ length: count }, (_, i) => ({
    bucket: 'orders',
    method: 'GET',
    url: `https://x.example/r/${i}`,
    status: 200,
    duration_ms: 3,
    timestamp: new Date().toISOString(),
  }));
const ingest = (url: string, token: string, count: number) =>
  fetch(`${url}/api/v1/ingest`, {
    method: 'POST',
    headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
    body: JSON.stringify(records(count)),
  });
const viewer = (url: string, headers: Record<string, string> = {}) =>
  rawRequest(
    url,
    '/graphql',
    { 'content-type': 'application/json', authorization: `Bearer ${TEST_ADMIN_TOKEN}`, ...headers },
    'POST',
    '{"query":"{ viewer { kind } }"}',
  );

async function writerToken(app: Awaited<ReturnType<typeof startTestApp>>): Promise<string> {
  const account = await createAccount(app.db, `acct-${randomBytes(4).toString('hex')}`, ['production'], ['orders']);
  return (await createToken(app.db, account, { environment: 'production', scopes: ['traffic:read', 'traffic:write'] }))
    .secret;
}

describe.each([
  ['memory', () => new MemoryRateLimiter()],
  ...(redisUrl
    ? [
        [
          'Redis',
          () => new RedisRateLimiter(new Redis(redisUrl, { lazyConnect: false }), createLogger('silent')),
        ] as const,
      ]
    : []),
] as [string, () => RateLimiter][])('spending a budget with the %s counters', (_name, make) => {
  it('takes a whole amount only when it fits, so a refused batch costs nothing', async () => {
    const limiter = make();
    const key = `spend-test:${randomBytes(8).toString('hex')}`;
    try {
      expect((await limiter.spend(key, 3, 5, 60_000)).allowed).toBe(true);
      const refused = await limiter.spend(key, 3, 5, 60_000);
      expect(refused.allowed).toBe(false);
      expect(refused.retryAfterSeconds).toBeGreaterThan(55);
      expect((await limiter.spend(key, 2, 5, 60_000)).allowed).toBe(true);
      expect((await limiter.spend(key, 1, 5, 60_000)).allowed).toBe(false);
    } finally {
      await limiter.close();
      if (limiter instanceof RedisRateLimiter) (limiter as unknown as { redis: Redis }).redis.disconnect();
    }
  });
});

describe('the ingest budget in records per minute per token', () => {
  let app: Awaited<ReturnType<typeof startTestApp>>;
  let token: string;
  beforeAll(async () => {
    app = await startTestApp({
      RATE_LIMIT_INGEST_RECORDS_PER_MINUTE: '5',
      RATE_LIMIT_PER_TOKEN: '2',
      RATE_LIMIT_PER_ADDRESS: '0',
    });
    token = await writerToken(app);
  });
  afterAll(() => app.dispose());

  it('refuses a batch that does not fit with 429 and Retry-After, and a smaller one still passes', async () => {
    expect((await ingest(app.url, token, 3)).status).toBe(200);
    const refused = await ingest(app.url, token, 3);
    expect(refused.status).toBe(429);
    expect(Number(refused.headers.get('retry-after'))).toBeGreaterThan(0);
    expect(((await refused.json()) as { detail: string }).detail).toContain('5 ingested records per minute per token');
    expect((await ingest(app.url, token, 2)).status).toBe(200);
  });

  it('does not count ingest requests against the per-token request limit', async () => {
    const other = await writerToken(app);
    // Three requests with a per-token limit of 2: ingest is paid in records, not requests.
    const statuses = [
      await ingest(app.url, other, 1),
      await ingest(app.url, other, 1),
      await ingest(app.url, other, 1),
    ].map((r) => r.status);
    expect(statuses).toEqual([200, 200, 200]);
  });

  it('a batch larger than the whole budget is refused with 413 saying to split it', async () => {
    const response = await ingest(app.url, await writerToken(app), 6);
    expect(response.status).toBe(413);
    expect(((await response.json()) as { detail: string }).detail).toContain('RATE_LIMIT_INGEST_RECORDS_PER_MINUTE');
  });
});

describe('GraphQL ingestRequests spends the same ingest budget', () => {
  let app: Awaited<ReturnType<typeof startTestApp>>;
  beforeAll(async () => {
    app = await startTestApp({
      RATE_LIMIT_INGEST_RECORDS_PER_MINUTE: '5',
      RATE_LIMIT_PER_TOKEN: '0',
      RATE_LIMIT_PER_ADDRESS: '0',
    });
  });
  afterAll(() => app.dispose());
  const ingestOverGraphQL = (token: string, count: number) =>
    fetch(`${app.url}/graphql`, {
      method: 'POST',
      headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
      body: JSON.stringify({
        query: 'mutation($records: [JSON]!) { ingestRequests(records: $records) { accepted } }',
        variables: { records: records(count) },
      }),
    });
  type Answer = {
    data: { ingestRequests: { accepted: number } } | null;
    errors?: { message: string; extensions: { code: string } }[];
  };

  it('refuses a mutation whose batch does not fit what REST ingest left, with 429 and Retry-After, storing nothing', async () => {
    const token = await writerToken(app);
    expect((await ingest(app.url, token, 3)).status).toBe(200);
    const refused = await ingestOverGraphQL(token, 3);
    expect(refused.status).toBe(429);
    expect(Number(refused.headers.get('retry-after'))).toBeGreaterThan(0);
    const body = (await refused.json()) as Answer;
    expect(body.errors![0]).toMatchObject({
      message: expect.stringContaining('5 ingested records per minute per token'),
      extensions: { code: 'RATE_LIMITED' },
    });
    expect(await app.db.prisma.request.count({ where: { url: { startsWith: 'https://x.example/r/' } } })).toBe(3);
    const fits = (await (await ingestOverGraphQL(token, 2)).json()) as Answer;
    expect(fits.data!.ingestRequests.accepted).toBe(2);
    expect(fits.errors).toBeUndefined();
    expect((await ingest(app.url, token, 1)).status).toBe(429);
  });

  it('answers a mutation larger than the whole budget with a LIMIT_EXCEEDED error saying to split it', async () => {
    const body = (await (await ingestOverGraphQL(await writerToken(app), 6)).json()) as Answer;
    expect(body.errors![0]).toMatchObject({
      message: expect.stringContaining('RATE_LIMIT_INGEST_RECORDS_PER_MINUTE); send smaller batches'),
      extensions: { code: 'LIMIT_EXCEEDED' },
    });
  });
});

describe.runIf(redisUrl && postgresUrl)('the ingest budget shared through Redis', () => {
  it('two instances of one deployment spend one token budget together', async () => {
    const database = await createPostgresDatabase();
    const env = { REDIS_URL: redisUrl!, DATABASE_URL: database.url, RATE_LIMIT_INGEST_RECORDS_PER_MINUTE: '4' };
    const a = await startTestApp(env);
    const b = await startTestApp(env);
    try {
      // A fresh token per run, so budgets left in Redis by an earlier run cannot interfere.
      const token = await writerToken(a);
      expect((await ingest(a.url, token, 3)).status).toBe(200);
      expect((await ingest(b.url, token, 2)).status).toBe(429);
      expect((await ingest(b.url, token, 1)).status).toBe(200);
    } finally {
      await a.dispose();
      await b.dispose();
      await database.drop();
    }
  });
});

describe('the per-address limit and loopback callers', () => {
  it('does not count loopback callers by default: the console, CLI and assistants on one machine share no counter', async () => {
    const app = await startTestApp({ RATE_LIMIT_PER_ADDRESS: '2', RATE_LIMIT_PER_TOKEN: '0' });
    try {
      const statuses = [];
      for (let i = 0; i < 4; i++) statuses.push((await viewer(app.url)).status);
      expect(statuses).toEqual([200, 200, 200, 200]);
    } finally {
      await app.dispose();
    }
  });

  it('counts loopback callers with RATE_LIMIT_LOOPBACK=true', async () => {
    const app = await startTestApp({
      RATE_LIMIT_PER_ADDRESS: '2',
      RATE_LIMIT_PER_TOKEN: '0',
      RATE_LIMIT_LOOPBACK: 'true',
    });
    try {
      const statuses = [];
      for (let i = 0; i < 3; i++) statuses.push((await viewer(app.url)).status);
      expect(statuses).toEqual([200, 200, 429]);
    } finally {
      await app.dispose();
    }
  });

  it('counts a proxied loopback request without TRUST_PROXY (a local reverse proxy is not a local user)', async () => {
    const app = await startTestApp({ RATE_LIMIT_PER_ADDRESS: '2', RATE_LIMIT_PER_TOKEN: '0' });
    try {
      const statuses = [];
      for (let i = 0; i < 3; i++)
        statuses.push((await viewer(app.url, { 'x-forwarded-for': `203.0.113.${i}` })).status);
      expect(statuses).toEqual([200, 200, 429]);
    } finally {
      await app.dispose();
    }
  });

  it('behind a trusted proxy counts each real client address on its own', async () => {
    const app = await startTestApp({
      RATE_LIMIT_PER_ADDRESS: '2',
      RATE_LIMIT_PER_TOKEN: '0',
      TRUST_PROXY: '127.0.0.1',
    });
    try {
      const first = { 'x-forwarded-for': '203.0.113.7' };
      const statuses = [
        (await viewer(app.url, first)).status,
        (await viewer(app.url, first)).status,
        (await viewer(app.url, first)).status,
      ];
      expect(statuses).toEqual([200, 200, 429]);
      expect((await viewer(app.url, { 'x-forwarded-for': '198.51.100.4' })).status).toBe(200);
    } finally {
      await app.dispose();
    }
  });
});
