import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestApp } from '../helpers/app-server.ts';
import { createAccount, createToken } from '../helpers/fixtures.ts';
import { INITIALIZE, postMcp } from '../helpers/raw-mcp.ts';

describe('an initialize the server refuses', () => {
  let app: Awaited<ReturnType<typeof startTestApp>>;
  let token: string;

  beforeAll(async () => {
    app = await startTestApp();
    const account = await createAccount(app.db, 'refused', ['production'], ['orders']);
    token = (await createToken(app.db, account, { environment: 'production' })).secret;
  });
  afterAll(() => app.dispose());

  const sessionsCreated = async () => {
    const text = await (await fetch(`${app.url}/metrics`)).text();
    return Number(/trafficgraph_mcp_sessions_created_total\{transport="streamable-http"\} (\d+)/.exec(text)?.[1] ?? 0);
  };

  it('creates no session when it comes in a JSON-RPC batch', async () => {
    const before = await sessionsCreated();
    const response = await postMcp(app.url, token, [INITIALIZE, { jsonrpc: '2.0', id: 2, method: 'ping' }]);
    expect(response.status).toBe(400);
    expect(response.headers.get('mcp-session-id')).toBeNull();
    expect(await sessionsCreated()).toBe(before);
  });

  it('creates no session when the client does not accept event streams', async () => {
    const before = await sessionsCreated();
    const response = await postMcp(app.url, token, INITIALIZE, undefined, { accept: 'application/json' });
    expect(response.status).toBe(406);
    expect(response.headers.get('mcp-session-id')).toBeNull();
    expect(await sessionsCreated()).toBe(before);
  });
});
