import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestApp, TEST_ADMIN_TOKEN } from '../helpers/app-server.ts';
import { createAccount, createToken } from '../helpers/fixtures.ts';

const INIT = {
  jsonrpc: '2.0',
  id: 1,
  method: 'initialize',
  params: { protocolVersion: '2025-11-25', capabilities: {}, clientInfo: { name: 'raw-http', version: '1' } },
};

describe('Streamable HTTP transport rules, with raw HTTP', () => {
  let app: Awaited<ReturnType<typeof startTestApp>>;
  let token: string;
  let sessionId: string;

  const post = (body: unknown, headers: Record<string, string> = {}) =>
    fetch(`${app.url}/mcp`, {
      method: 'POST',
      headers: {
        authorization: `Bearer ${token}`,
        'content-type': 'application/json',
        accept: 'application/json, text/event-stream',
        'mcp-protocol-version': '2025-11-25',
        ...(sessionId ? { 'mcp-session-id': sessionId } : {}),
        ...headers,
      },
      body: typeof body === 'string' ? body : JSON.stringify(body),
    });

  beforeAll(async () => {
    app = await startTestApp();
    const account = await createAccount(app.db, 'protocol');
    token = (await createToken(app.db, account, { environment: 'production' })).secret;
  });
  afterAll(() => app.dispose());

  it('initialize mints a random session id', async () => {
    const response = await post(INIT, { 'mcp-session-id': '' });
    expect(response.status).toBe(200);
    sessionId = response.headers.get('mcp-session-id')!;
    expect(sessionId).toMatch(/^[A-Za-z0-9_-]{43}$/);
    const body = (await response.json()) as { result: { protocolVersion: string; serverInfo: { name: string } } };
    expect(body.result.serverInfo.name).toBe('trafficgraph');
    expect(body.result.protocolVersion).toBe('2025-11-25');
    expect((await post({ jsonrpc: '2.0', method: 'notifications/initialized' })).status).toBe(202);
  });

  it('refuses a foreign Origin with 403', async () => {
    expect(
      (await post({ jsonrpc: '2.0', id: 2, method: 'tools/list' }, { origin: 'https://evil.example' })).status,
    ).toBe(403);
    expect(
      (await post({ jsonrpc: '2.0', id: 2, method: 'tools/list' }, { origin: 'http://localhost:3000' })).status,
    ).toBe(200);
  });

  it('answers 401 with WWW-Authenticate without a token or with a bad one', async () => {
    const none = await fetch(`${app.url}/mcp`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify(INIT),
    });
    expect(none.status).toBe(401);
    expect(none.headers.get('www-authenticate')).toMatch(/^Bearer realm="trafficgraph"/);
    const bad = await post(INIT, { authorization: 'Bearer tgp_not-a-real-token' });
    expect(bad.status).toBe(401);
    expect(bad.headers.get('www-authenticate')).toContain('error="invalid_token"');
  });

  it('answers 403 insufficient_scope to an admin token and to a token without MCP scopes', async () => {
    const admin = await post(INIT, { authorization: `Bearer ${TEST_ADMIN_TOKEN}` });
    expect(admin.status).toBe(403);
    expect(admin.headers.get('www-authenticate')).toContain('insufficient_scope');
    const account = await createAccount(app.db, 'writer-only');
    const writer = await createToken(app.db, account, { environment: 'production', scopes: ['traffic:write'] });
    const response = await post(INIT, { authorization: `Bearer ${writer.secret}` });
    expect(response.status).toBe(403);
  });

  it('asks a token without MCP scopes for every scope some tool declares', async () => {
    const account = await createAccount(app.db, 'ingest-writer');
    const writer = await createToken(app.db, account, { environment: 'production', scopes: ['traffic:write'] });
    const response = await post(INIT, { authorization: `Bearer ${writer.secret}` });
    expect(response.status).toBe(403);
    const wanted = /scope="([^"]*)"/.exec(response.headers.get('www-authenticate') ?? '')?.[1]?.split(' ');
    expect(wanted?.toSorted()).toEqual([
      'config:read',
      'events:read',
      'events:write',
      'inventory:read',
      'traffic:read',
    ]);
  });

  it.each(['inventory:read', 'events:write'] as const)('lets in a token whose only scope is %s', async (scope) => {
    const account = await createAccount(app.db, `only-${scope.replace(':', '-')}`);
    const holder = await createToken(app.db, account, { environment: 'production', scopes: [scope] });
    const response = await post(INIT, { authorization: `Bearer ${holder.secret}`, 'mcp-session-id': '' });
    expect(response.status).toBe(200);
  });

  it('refuses a client that does not accept both JSON and SSE with 406', async () => {
    expect((await post({ jsonrpc: '2.0', id: 3, method: 'tools/list' }, { accept: 'application/json' })).status).toBe(
      406,
    );
  });

  it('answers 404 for an unknown session and 400 for a missing one', async () => {
    expect(
      (await post({ jsonrpc: '2.0', id: 4, method: 'tools/list' }, { 'mcp-session-id': 'no-such-session' })).status,
    ).toBe(404);
    const missing = await fetch(`${app.url}/mcp`, {
      method: 'POST',
      headers: {
        authorization: `Bearer ${token}`,
        'content-type': 'application/json',
        accept: 'application/json, text/event-stream',
      },
      body: JSON.stringify({ jsonrpc: '2.0', id: 5, method: 'tools/list' }),
    });
    expect(missing.status).toBe(400);
  });

  it('refuses an unsupported MCP-Protocol-Version with 400', async () => {
    const response = await post(
      { jsonrpc: '2.0', id: 6, method: 'tools/list' },
      { 'mcp-protocol-version': '1999-01-01' },
    );
    expect(response.status).toBe(400);
    expect(await response.text()).toContain('Unsupported protocol version');
  });

  it('answers malformed JSON with a -32700 parse error', async () => {
    const response = await post('{"jsonrpc": "2.0", "id": ');
    expect(response.status).toBe(400);
    expect(((await response.json()) as { error: { code: number } }).error.code).toBe(-32700);
  });

  it('answers an unknown tool with -32602 and invalid arguments with an isError result', async () => {
    const unknown = (await (
      await post({ jsonrpc: '2.0', id: 7, method: 'tools/call', params: { name: 'drop_tables', arguments: {} } })
    ).json()) as {
      error?: { code: number; message: string };
    };
    expect(unknown.error).toEqual({ code: -32602, message: expect.stringContaining('Unknown tool: drop_tables') });
    const invalid = (await (
      await post({
        jsonrpc: '2.0',
        id: 8,
        method: 'tools/call',
        params: { name: 'get_metrics', arguments: { since: 42 } },
      })
    ).json()) as {
      result: { isError: boolean; content: { text: string }[] };
    };
    expect(invalid.result.isError).toBe(true);
  });

  it('GET opens an event stream for the session', async () => {
    const controller = new AbortController();
    const response = await fetch(`${app.url}/mcp`, {
      headers: { authorization: `Bearer ${token}`, accept: 'text/event-stream', 'mcp-session-id': sessionId },
      signal: controller.signal,
    });
    expect(response.status).toBe(200);
    expect(response.headers.get('content-type')).toBe('text/event-stream');
    controller.abort();
  });

  it('DELETE ends the session; it is then unknown', async () => {
    const response = await fetch(`${app.url}/mcp`, {
      method: 'DELETE',
      headers: { authorization: `Bearer ${token}`, 'mcp-session-id': sessionId },
    });
    expect(response.status).toBe(200);
    expect((await post({ jsonrpc: '2.0', id: 9, method: 'tools/list' })).status).toBe(404);
  });
});
