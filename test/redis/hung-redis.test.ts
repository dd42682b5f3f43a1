import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestApp, TEST_ADMIN_TOKEN } from '../helpers/app-server.ts';
import { startHangableRedisProxy, type HangableRedisProxy } from '../helpers/hangable-redis-proxy.ts';
import { INITIALIZE, mcpHeaders } from '../helpers/raw-mcp.ts';

// The Redis command timeout (500 ms, src/redis/redis-client.ts) plus room for a loaded two-core machine;
// before the fix these requests never answered.
const ANSWER_WITHIN_MS = 1500;
// Long enough to tell "hangs" from "slow", short enough that the failing version ends.
const GIVE_UP_MS = 8000;

async function timed(request: () => Promise<Response>): Promise<{ response: Response; ms: number }> {
  const started = performance.now();
  const response = await request();
  await response.clone().text();
  return { response, ms: performance.now() - started };
}

describe.runIf(process.env.REDIS_URL)('a Redis that accepts connections and never answers', () => {
  let proxy: HangableRedisProxy;
  let app: Awaited<ReturnType<typeof startTestApp>>;
  let mcpToken: string;
  const auth = { authorization: `Bearer ${TEST_ADMIN_TOKEN}` };
  const graphql = (query = '{ buckets { name } }') =>
    fetch(`${app.url}/graphql`, {
      method: 'POST',
      headers: { ...auth, 'content-type': 'application/json' },
      body: JSON.stringify({ query }),
      signal: AbortSignal.timeout(GIVE_UP_MS),
    });

  beforeAll(async () => {
    proxy = await startHangableRedisProxy(process.env.REDIS_URL!);
    app = await startTestApp({ REDIS_URL: proxy.url });
    await graphql(
      'mutation { seedDemoData(input: { seed: 1, requests: 0, days: 1, until: "2026-01-01T00:00:00Z", offset: 0, count: 1 }) { accountCreated } }',
    );
    const created = await graphql(
      'mutation { createAccessToken(input: { name: "agent", environment: "production", allBuckets: true, scopes: [TRAFFIC_READ] }) { secret } }',
    );
    mcpToken = ((await created.json()) as { data: { createAccessToken: { secret: string } } }).data.createAccessToken
      .secret;
    proxy.hang();
  }, 60_000);

  afterAll(async () => {
    await proxy?.close();
    await app?.dispose();
  });

  it('lets GraphQL requests through (rate limits fail open) within the command timeout', async () => {
    for (let i = 0; i < 3; i++) {
      const { response, ms } = await timed(() => graphql());
      expect(response.status).toBe(200);
      expect(ms).toBeLessThan(ANSWER_WITHIN_MS);
    }
    const metrics = await (await fetch(`${app.url}/metrics`, { headers: auth })).text();
    expect(Number(/^trafficgraph_rate_limit_redis_fallbacks_total (\d+)$/m.exec(metrics)?.[1])).toBeGreaterThanOrEqual(
      3,
    );
  }, 30_000);

  it('lets REST requests through (rate limits fail open) within the command timeout', async () => {
    const { response, ms } = await timed(() =>
      fetch(`${app.url}/api/v1/mcp-servers`, { headers: auth, signal: AbortSignal.timeout(GIVE_UP_MS) }),
    );
    expect(response.status).toBe(200);
    expect(ms).toBeLessThan(ANSWER_WITHIN_MS);
  }, 30_000);

  it('answers an MCP initialize 503 with Retry-After within the command timeout', async () => {
    const { response, ms } = await timed(() =>
      fetch(`${app.url}/mcp`, {
        method: 'POST',
        headers: mcpHeaders(mcpToken),
        body: JSON.stringify(INITIALIZE),
        signal: AbortSignal.timeout(GIVE_UP_MS),
      }),
    );
    expect(response.status).toBe(503);
    expect(Number(response.headers.get('retry-after'))).toBeGreaterThan(0);
    expect(ms).toBeLessThan(ANSWER_WITHIN_MS);
  }, 30_000);
});
