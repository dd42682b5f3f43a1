import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { connectLegacySse, connectStreamable, startTestApp } from '../helpers/app-server.ts';
import { createAccount, createToken, type TestAccount } from '../helpers/fixtures.ts';
import { connectV2 } from '../helpers/mcp-v2-client.ts';

describe('one /mcp endpoint for clients of either protocol era', () => {
  let app: Awaited<ReturnType<typeof startTestApp>>;
  let account: TestAccount;
  let secret: string;

  beforeAll(async () => {
    app = await startTestApp();
    account = await createAccount(app.db, 'eras', ['production'], ['checkout']);
    ({ secret } = await createToken(app.db, account, { environment: 'production' }));
  });
  afterAll(() => app.dispose());

  it('an SDK v2 client in auto negotiation settles on 2026-07-28 and calls a tool', async () => {
    const client = await connectV2(app.url, secret, 'auto');
    try {
      expect(client.getNegotiatedProtocolVersion()).toBe('2026-07-28');
      const result = await client.callTool({ name: 'list_buckets', arguments: {} });
      expect(result.isError).toBeFalsy();
      expect(result.structuredContent).toMatchObject({ buckets: [expect.objectContaining({ name: 'checkout' })] });
    } finally {
      await client.close();
    }
  });

  it('the same tools reach a 2026-07-28 client, a 2025-11-25 session and a legacy SSE stream', async () => {
    const modern = await connectV2(app.url, secret, { pin: '2026-07-28' });
    const { client: sessionful, transport } = await connectStreamable(app.url, secret);
    const sse = await connectLegacySse(app.url, secret);
    try {
      expect(transport.sessionId).toMatch(/^[A-Za-z0-9_-]{43}$/);
      expect(sessionful.getServerVersion()?.name).toBe('trafficgraph');
      const names = async (list: Promise<{ tools: { name: string }[] }>) => (await list).tools.map((t) => t.name);
      const modernTools = await names(modern.listTools());
      expect(await names(sessionful.listTools())).toEqual(modernTools);
      expect(await names(sse.listTools())).toEqual(modernTools);
      const buckets = async (result: Promise<unknown>) =>
        ((await result) as { structuredContent?: unknown }).structuredContent;
      const expected = await buckets(modern.callTool({ name: 'list_buckets', arguments: {} }));
      expect(await buckets(sessionful.callTool({ name: 'list_buckets', arguments: {} }))).toEqual(expected);
      expect(await buckets(sse.callTool({ name: 'list_buckets', arguments: {} }))).toEqual(expected);
    } finally {
      await Promise.all([modern.close(), sessionful.close(), sse.close()]);
    }
  });
});
