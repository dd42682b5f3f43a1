import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { MemoryRateLimiter } from '../../src/http/rate-limit/rate-limiter.ts';
import { startTestApp, TEST_ADMIN_TOKEN } from '../helpers/app-server.ts';
import { randomBytes } from 'node:crypto';
import { servicesRequired } from '../helpers/databases.ts';
import { createAccount, createToken } from '../helpers/fixtures.ts';

const viewer = (url: string, token: string) =>
  fetch(`${url}/graphql`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', authorization: `Bearer ${token}` },
    body: JSON.stringify({ query: '{ viewer { kind } }' }),
  });

describe('MemoryRateLimiter', () => {
  it('counts per key in fixed windows and says when the window resets', async () => {
    const limiter = new MemoryRateLimiter();
    const results = [];
    for (let i = 0; i < 4; i++) results.push(await limiter.hit('k', 3, 60_000));
    expect(results.map((r) => r.allowed)).toEqual([true, true, true, false]);
    expect(results[3]!.retryAfterSeconds).toBeGreaterThan(55);
    expect((await limiter.hit('other', 3, 60_000)).allowed).toBe(true);
    expect((await limiter.hit('short', 1, 20)).allowed).toBe(true);
    await new Promise((resolve) => setTimeout(resolve, 30));
    expect((await limiter.hit('short', 1, 20)).allowed).toBe(true);
    await limiter.close();
  });
});

describe('rate limits per token and per address', () => {
  let app: Awaited<ReturnType<typeof startTestApp>>;
  let tokenA: string;
  let tokenB: string;

  beforeAll(async () => {
    app = await startTestApp({ RATE_LIMIT_PER_TOKEN: '5', RATE_LIMIT_PER_ADDRESS: '0' });
    const account = await createAccount(app.db, 'limits');
    tokenA = (await createToken(app.db, account, { environment: 'production', name: 'a' })).secret;
    tokenB = (await createToken(app.db, account, { environment: 'production', name: 'b' })).secret;
  });
  afterAll(() => app.dispose());

  it('a token over its limit gets 429 with Retry-After on every surface; another token does not', async () => {
    const statuses = [];
    for (let i = 0; i < 5; i++) statuses.push((await viewer(app.url, tokenA)).status);
    expect(statuses).toEqual([200, 200, 200, 200, 200]);

    const graphql = await viewer(app.url, tokenA);
    expect(graphql.status).toBe(429);
    expect(Number(graphql.headers.get('retry-after'))).toBeGreaterThan(0);
    expect(((await graphql.json()) as { errors: { extensions: { code: string } }[] }).errors[0]!.extensions.code).toBe(
      'RATE_LIMITED',
    );

    const mcp = await fetch(`${app.url}/mcp`, {
      method: 'POST',
      headers: { authorization: `Bearer ${tokenA}`, 'content-type': 'application/json' },
      body: '{}',
    });
    expect(mcp.status).toBe(429);
    expect(((await mcp.json()) as { error: { message: string } }).error.message).toContain(
      '5 requests per minute per token',
    );

    const rest = await fetch(`${app.url}/api/v1/mcp-servers`, { headers: { authorization: `Bearer ${tokenA}` } });
    expect(rest.status).toBe(429);
    expect(rest.headers.get('retry-after')).not.toBeNull();

    expect((await viewer(app.url, tokenB)).status).toBe(200);
    // Health checks are never limited.
    expect((await fetch(`${app.url}/healthz`, { headers: { authorization: `Bearer ${tokenA}` } })).status).toBe(200);
  });
});

describe('rate limits per client address', () => {
  it('counts every request from one address, with or without a token', async () => {
    const app = await startTestApp({
      RATE_LIMIT_PER_ADDRESS: '4',
      RATE_LIMIT_PER_TOKEN: '0',
      RATE_LIMIT_LOOPBACK: 'true',
    });
    try {
      const statuses = [];
      for (let i = 0; i < 3; i++) statuses.push((await viewer(app.url, TEST_ADMIN_TOKEN)).status);
      statuses.push((await fetch(`${app.url}/api/v1/mcp-servers`)).status);
      statuses.push((await fetch(`${app.url}/api/v1/mcp-servers`)).status);
      expect(statuses).toEqual([200, 200, 200, 200, 429]);
    } finally {
      await app.dispose();
    }
  });
});

const redisUrl = process.env.REDIS_URL;
if (!redisUrl && servicesRequired) throw new Error('REQUIRE_SERVICES=1 but REDIS_URL is not set');
if (!redisUrl) console.warn('REDIS_URL is not set: the shared rate-limit test is skipped');

describe.runIf(redisUrl)('rate limits shared through Redis', () => {
  it('two instances count one token together', async () => {
    // Both instances accept this admin token (each has its own embedded database); fresh per run, so
    // counters left in Redis by an earlier run cannot interfere.
    const admin = `shared-admin-${randomBytes(12).toString('hex')}`;
    const env = { REDIS_URL: redisUrl!, ADMIN_TOKEN: admin, RATE_LIMIT_PER_TOKEN: '6', RATE_LIMIT_PER_ADDRESS: '0' };
    const a = await startTestApp(env);
    const b = await startTestApp(env);
    try {
      const statuses: number[] = [];
      for (let i = 0; i < 3; i++)
        statuses.push((await viewer(a.url, admin)).status, (await viewer(b.url, admin)).status);
      expect(statuses).toEqual([200, 200, 200, 200, 200, 200]);
      expect((await viewer(a.url, admin)).status).toBe(429);
      expect((await viewer(b.url, admin)).status).toBe(429);
      // Another token has its own counter: refused for being unknown here (401), not for the limit.
      expect((await viewer(a.url, TEST_ADMIN_TOKEN)).status).toBe(401);
    } finally {
      await a.dispose();
      await b.dispose();
    }
  });
});
