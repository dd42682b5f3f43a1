import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createPostgresDatabase, postgresUrl, servicesRequired } from '../helpers/databases.ts';
import { connectStreamable } from '../helpers/app-server.ts';
import { postGraphQL, runCli, startServerProcess, type ServerProcess } from '../helpers/server-process.ts';

const redisUrl = process.env.REDIS_URL;
const ready = Boolean(postgresUrl && redisUrl);
if (!ready && servicesRequired) throw new Error('REQUIRE_SERVICES=1 but DATABASE_URL or REDIS_URL is not set');
if (!ready) console.warn('DATABASE_URL or REDIS_URL is not set: the two-instance MCP test is skipped');

const ADMIN_TOKEN = 'scale-out-admin-token-0123456789';

/** Reads server-sent events from a fetch body. */
async function* events(body: ReadableStream<Uint8Array>) {
  const decoder = new TextDecoder();
  let buffer = '';
  for await (const chunk of body as unknown as AsyncIterable<Uint8Array>) {
    buffer += decoder.decode(chunk, { stream: true });
    let end: number;
    while ((end = buffer.indexOf('\n\n')) >= 0) {
      const block = buffer.slice(0, end);
      buffer = buffer.slice(end + 2);
      const event = /^event: (.*)$/m.exec(block)?.[1] ?? 'message';
      const data = block
        .split('\n')
        .filter((l) => l.startsWith('data: '))
        .map((l) => l.slice(6))
        .join('\n');
      if (data) yield { event, data };
    }
  }
}

describe.runIf(ready)('two instances on one PostgreSQL and one Redis', () => {
  let drop: () => Promise<void>;
  let env: Record<string, string>;
  let a: ServerProcess;
  let b: ServerProcess;
  const createToken = async (name: string) => {
    const result = await postGraphQL<{ createAccessToken: { secret: string; token: { id: string } } }>(
      a.url,
      ADMIN_TOKEN,
      `mutation($name: String!) { createAccessToken(input: { name: $name, environment: "production", allBuckets: true }) { secret token { id } } }`,
      { name },
    );
    return result.body.data!.createAccessToken;
  };

  beforeAll(async () => {
    const database = await createPostgresDatabase();
    drop = database.drop;
    env = { DATABASE_URL: database.url, REDIS_URL: redisUrl!, ADMIN_TOKEN };
    a = await startServerProcess(env);
    b = await startServerProcess(env);
    const seeded = await runCli(['seed', '--demo', '--requests', '3000', '--seed', '1'], {
      ADMIN_TOKEN,
      TRAFFICGRAPH_SERVER: a.url,
    });
    expect(seeded.code).toBe(0);
  });
  afterAll(async () => {
    await a?.stop();
    await b?.stop();
    await drop?.();
  });

  it('a session opened on one instance continues on the other, revocation on one is seen by the other, and it outlives its first instance', async () => {
    const owner = await createToken('owner');
    const other = await createToken('to-be-revoked');

    const window = { from: new Date(Date.now() - 7 * 86_400_000).toISOString(), to: new Date().toISOString() };
    const onA = await connectStreamable(a.url, owner.secret);
    const sessionId = onA.transport.sessionId!;
    const first = await onA.client.callTool({ name: 'get_metrics', arguments: window });
    expect(first.isError).toBeUndefined();

    const onB = await connectStreamable(b.url, owner.secret, sessionId);
    expect(onB.transport.sessionId).toBe(sessionId);
    const second = await onB.client.callTool({ name: 'get_metrics', arguments: window });
    expect(second.structuredContent).toEqual(first.structuredContent);

    const doomed = await connectStreamable(a.url, other.secret);
    expect((await doomed.client.callTool({ name: 'list_buckets', arguments: {} })).isError).toBeUndefined();
    const revoked = await postGraphQL(
      b.url,
      ADMIN_TOKEN,
      'mutation($id: ID!) { revokeAccessToken(id: $id) { status } }',
      { id: other.token.id },
    );
    expect(revoked.body.data).toEqual({ revokeAccessToken: { status: 'revoked' } });
    await expect(doomed.client.callTool({ name: 'list_buckets', arguments: {} })).rejects.toThrow(/401|revoked/);

    expect(await a.stop('SIGKILL')).toBe(null);
    const afterKill = await onB.client.callTool({ name: 'list_buckets', arguments: {} });
    expect(afterKill.isError).toBeUndefined();
    await onB.client.close();
    a = await startServerProcess(env);
  });

  it('a legacy SSE message posted to one instance reaches the stream held by the other', async () => {
    const token = await createToken('sse');
    const controller = new AbortController();
    const stream = await fetch(`${a.url}/mcp/sse`, {
      headers: { authorization: `Bearer ${token.secret}`, accept: 'text/event-stream' },
      signal: controller.signal,
    });
    expect(stream.status).toBe(200);
    const reader = events(stream.body!);
    const endpoint = (await reader.next()).value!;
    expect(endpoint.event).toBe('endpoint');
    const messageUrl = new URL(endpoint.data, b.url); // same path and session, the other instance
    const post = (body: unknown) =>
      fetch(messageUrl, {
        method: 'POST',
        headers: { authorization: `Bearer ${token.secret}`, 'content-type': 'application/json' },
        body: JSON.stringify(body),
      });
    const init = {
      jsonrpc: '2.0',
      id: 1,
      method: 'initialize',
      params: { protocolVersion: '2024-11-05', capabilities: {}, clientInfo: { name: 'raw', version: '1' } },
    };
    expect((await post(init)).status).toBe(202);
    const initialized = JSON.parse((await reader.next()).value!.data) as {
      id: number;
      result: { serverInfo: { name: string } };
    };
    expect(initialized).toMatchObject({ id: 1, result: { serverInfo: { name: 'trafficgraph' } } });
    expect(
      (
        await post({
          jsonrpc: '2.0',
          id: 2,
          method: 'tools/call',
          params: { name: 'list_environments', arguments: {} },
        })
      ).status,
    ).toBe(202);
    const listed = JSON.parse((await reader.next()).value!.data) as {
      id: number;
      result: { structuredContent: { environments: { name: string }[] } };
    };
    expect(listed.id).toBe(2);
    expect(listed.result.structuredContent.environments.map((e) => e.name)).toEqual(['production']);
    const other = await createToken('intruder');
    const hijack = await fetch(messageUrl, {
      method: 'POST',
      headers: { authorization: `Bearer ${other.secret}`, 'content-type': 'application/json' },
      body: JSON.stringify(init),
    });
    expect(hijack.status).toBe(404);
    controller.abort();
  });
});
