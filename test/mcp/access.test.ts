import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { RequestRecord } from '../../src/domain/ingest/request-record.ts';
import { connectLegacySse, connectStreamable, startTestApp, revokeTokenAsAdmin } from '../helpers/app-server.ts';
import { createAccount, createToken, type TestAccount } from '../helpers/fixtures.ts';
import { store, trafficFor } from '../helpers/traffic-data.ts';

type TextResult = { content: { text: string }[]; structuredContent?: Record<string, unknown>; isError?: boolean };

describe('MCP tokens: scopes, isolation, revocation and expiry', () => {
  let app: Awaited<ReturnType<typeof startTestApp>>;
  let acme: TestAccount;
  let other: TestAccount;
  let records: RequestRecord[];
  let foreign: RequestRecord[];

  beforeAll(async () => {
    app = await startTestApp();
    acme = await createAccount(app.db, 'acme', ['production', 'staging'], ['orders', 'billing']);
    other = await createAccount(app.db, 'other', ['production'], ['private']);
    const until = new Date(Math.floor(Date.now() / 3_600_000) * 3_600_000);
    records = trafficFor(acme, { seed: 5, requests: 2000, days: 1, until });
    foreign = trafficFor(other, { seed: 6, requests: 300, days: 1, until });
    await store(app.db, [...records, ...foreign]);
  });
  afterAll(() => app.dispose());

  it('a token lists only the tools its scopes allow', async () => {
    const readOnly = await createToken(app.db, acme, { environment: 'production', scopes: ['traffic:read'] });
    const { client } = await connectStreamable(app.url, readOnly.secret);
    try {
      const { tools } = await client.listTools();
      expect(tools.map((t) => t.name)).toEqual([
        'search_requests',
        'get_metrics',
        'get_errors',
        'get_request_detail',
        'get_throughput',
        'get_response_times',
        'get_endpoints',
        'compare_periods',
        'find_anomalies',
      ]);
      await expect(client.callTool({ name: 'create_event', arguments: { type: 'other', title: 'x' } })).rejects.toThrow(
        /-32602.*Unknown tool: create_event/,
      );
    } finally {
      await client.close();
    }
  });

  it('a token sees only its environment and buckets; other ids read as not found', async () => {
    const narrow = await createToken(app.db, acme, { environment: 'staging', buckets: ['billing'] });
    const { client } = await connectStreamable(app.url, narrow.secret);
    try {
      const metrics = (await client.callTool({ name: 'get_metrics', arguments: { since: '2d' } })) as TextResult;
      const visible = records.filter(
        (r) => r.environmentId === acme.environments.staging && r.bucketId === acme.buckets.billing,
      );
      expect(metrics.structuredContent?.total_requests).toBe(visible.length);
      const buckets = (await client.callTool({ name: 'list_buckets', arguments: {} })) as TextResult;
      expect((buckets.structuredContent as { buckets: { name: string }[] }).buckets.map((b) => b.name)).toEqual([
        'billing',
      ]);
      for (const record of [
        records.find((r) => r.environmentId === acme.environments.production)!,
        records.find((r) => r.bucketId === acme.buckets.orders)!,
        foreign[0]!,
      ]) {
        const detail = (await client.callTool({
          name: 'get_request_detail',
          arguments: { id: record.publicId },
        })) as TextResult;
        expect(detail.isError).toBe(true);
        expect(detail.content[0]!.text).toBe(`Request "${record.publicId}" not found.`);
      }
      const otherBucket = (await client.callTool({
        name: 'get_metrics',
        arguments: { bucket: 'orders' },
      })) as TextResult;
      expect(otherBucket.isError).toBe(true);
      expect(otherBucket.content[0]!.text).toContain('not found');
    } finally {
      await client.close();
    }
  });

  it('revoking a token ends its session on the very next call', async () => {
    const token = await createToken(app.db, acme, { environment: 'production' });
    const { client } = await connectStreamable(app.url, token.secret);
    expect(((await client.callTool({ name: 'list_buckets', arguments: {} })) as TextResult).isError).toBeUndefined();
    expect(await revokeTokenAsAdmin(app.url, token.id)).toEqual({ revokeAccessToken: { status: 'revoked' } });
    await expect(client.callTool({ name: 'list_buckets', arguments: {} })).rejects.toThrow(
      /401|invalid, revoked or expired/,
    );
    await client.close().catch(() => {});
  });

  it('revoking a token also stops its legacy SSE session', async () => {
    const token = await createToken(app.db, acme, { environment: 'production' });
    const sse = await connectLegacySse(app.url, token.secret);
    expect(((await sse.callTool({ name: 'list_buckets', arguments: {} })) as TextResult).isError).toBeUndefined();
    await app.db.prisma.accessToken.update({ where: { id: token.id }, data: { revokedAt: new Date() } });
    await expect(sse.callTool({ name: 'list_buckets', arguments: {} })).rejects.toThrow();
    await sse.close().catch(() => {});
  });

  it('an expired token cannot connect', async () => {
    const token = await createToken(app.db, acme, { environment: 'production' });
    await app.db.prisma.accessToken.update({
      where: { id: token.id },
      data: { expiresAt: new Date(Date.now() - 1000) },
    });
    await expect(connectStreamable(app.url, token.secret)).rejects.toThrow();
  });

  it('a session is bound to the token that opened it', async () => {
    const owner = await createToken(app.db, acme, { environment: 'production' });
    const intruder = await createToken(app.db, acme, { environment: 'production' });
    const { client, transport } = await connectStreamable(app.url, owner.secret);
    try {
      const hijack = await connectStreamable(app.url, intruder.secret).then(({ client: c }) => c);
      await hijack.close();
      const response = await fetch(`${app.url}/mcp`, {
        method: 'POST',
        headers: {
          authorization: `Bearer ${intruder.secret}`,
          'content-type': 'application/json',
          accept: 'application/json, text/event-stream',
          'mcp-session-id': transport.sessionId!,
          'mcp-protocol-version': '2025-11-25',
        },
        body: JSON.stringify({ jsonrpc: '2.0', id: 1, method: 'tools/list' }),
      });
      expect(response.status).toBe(404);
    } finally {
      await client.close();
    }
  });
});
