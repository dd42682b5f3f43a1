import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { privateServicesAvailable, startPrivateRedis, type PrivateService } from '../helpers/private-services.ts';
import { postGraphQL, startServerProcess, type ServerProcess } from '../helpers/server-process.ts';
import { openRawMcpSession, postMcp } from '../helpers/raw-mcp.ts';

const ADMIN_TOKEN = 'redis-outage-admin-token-0123456789';

async function until<T>(attempt: () => Promise<T | undefined>, timeoutMs = 20_000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    const value = await attempt();
    if (value !== undefined) return value;
    await new Promise((resolve) => setTimeout(resolve, 200));
  }
  throw new Error('condition not reached in time');
}

describe.runIf(privateServicesAvailable('the Redis outage test'))('Redis stops mid-session and starts again', () => {
  let redis: PrivateService;
  let server: ServerProcess;
  let dataDir: string;
  let token: string;
  let sessionId: string;

  const callTool = () =>
    postMcp(
      server.url,
      token,
      { jsonrpc: '2.0', id: 7, method: 'tools/call', params: { name: 'list_buckets', arguments: {} } },
      sessionId,
    );

  beforeAll(async () => {
    redis = await startPrivateRedis();
    dataDir = await mkdtemp(path.join(tmpdir(), 'tg-redis-outage-'));
    server = await startServerProcess({ DATA_DIR: dataDir, ADMIN_TOKEN, DEMO_DATA: 'false', REDIS_URL: redis.url });
    await postGraphQL(
      server.url,
      ADMIN_TOKEN,
      'mutation { seedDemoData(input: { seed: 1, requests: 0, days: 1, until: "2026-01-01T00:00:00Z", offset: 0, count: 1 }) { accountCreated } }',
    );
    const created = await postGraphQL<{ createAccessToken: { secret: string } }>(
      server.url,
      ADMIN_TOKEN,
      'mutation { createAccessToken(input: { name: "agent", environment: "production", allBuckets: true, scopes: [CONFIG_READ, TRAFFIC_READ] }) { secret } }',
    );
    token = created.body.data!.createAccessToken.secret;
    sessionId = await openRawMcpSession(server.url, token);
  }, 120_000);

  afterAll(async () => {
    await server?.stop();
    await redis?.dispose();
    await rm(dataDir, { recursive: true, force: true });
  });

  it('answers 503 with Retry-After while Redis is down, keeps GraphQL reads working, and recovers alone', async () => {
    expect((await callTool()).status).toBe(200);

    await redis.stop();
    const during = await callTool();
    expect(during.status).toBe(503);
    expect(during.headers.get('retry-after')).not.toBeNull();
    const body = (await during.json()) as { error: { message: string } };
    expect(body.error.message).toContain('Session store unavailable');
    expect(JSON.stringify(body)).not.toContain(sessionId);

    const read = await postGraphQL<{ buckets: { name: string }[] }>(server.url, token, '{ buckets { name } }');
    expect(read.status).toBe(200);
    expect(read.body.data!.buckets.length).toBeGreaterThan(0);

    await redis.start();
    // No restart of trafficgraph: the same session continues once Redis answers again.
    const after = await until(async () => {
      const response = await callTool();
      return response.status === 200 ? response : undefined;
    });
    const result = (await after.json()) as { result: { isError?: boolean; structuredContent: { buckets: unknown[] } } };
    expect(result.result.isError).toBeUndefined();
    expect(result.result.structuredContent.buckets.length).toBeGreaterThan(0);
    expect(server.output()).not.toContain(sessionId);
    expect(server.output()).not.toContain(token);
  }, 60_000);
});
