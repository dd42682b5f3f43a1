import { afterAll, beforeAll, describe, expect, it, type MockInstance, vi } from 'vitest';
import type { Scope } from '../../src/auth/scopes.ts';
import { generateTokenSecret } from '../../src/auth/token-secret.ts';
import { INITIALIZE, postMcp } from '../helpers/raw-mcp.ts';
import { startTestApp } from '../helpers/app-server.ts';
import { createAccount, createToken } from '../helpers/fixtures.ts';

// The statement Authenticator runs for a static token; counting it counts token lookups.
const TOKEN_LOOKUP = 'FROM "AccessToken" t';

function otlpExport() {
  const start = BigInt(Date.now() - 1000) * 1_000_000n;
  const attributes = [
    { key: 'http.request.method', value: { stringValue: 'GET' } },
    { key: 'url.path', value: { stringValue: '/items/1' } },
    { key: 'http.response.status_code', value: { intValue: 200 } },
  ];
  const span = {
    traceId: '0af7651916cd43dd8448eb211c80319c',
    spanId: 'b7ad6b7169203331',
    name: 'GET',
    kind: 2,
    startTimeUnixNano: String(start),
    endTimeUnixNano: String(start + 5_000_000n),
    attributes,
  };
  return { resourceSpans: [{ resource: { attributes: [] }, scopeSpans: [{ spans: [span] }] }] };
}

/** An access token that opens every surface tested here (REST inventory and export, ingest, GraphQL, MCP, OTLP). */
async function tokenForEverySurface(app: TestApp): Promise<string> {
  const account = await createAccount(app.db, 'authenticate-once');
  const scopes: Scope[] = ['traffic:read', 'traffic:write', 'inventory:read', 'config:read'];
  return (await createToken(app.db, account, { environment: 'production', scopes })).secret;
}

type TestApp = Awaited<ReturnType<typeof startTestApp>>;

describe('authenticating an HTTP request', () => {
  let app: TestApp;
  let token: string;
  // Every statement the app sends, passed through to the real database.
  let query: MockInstance;

  beforeAll(async () => {
    app = await startTestApp();
    token = await tokenForEverySurface(app);
    query = vi.spyOn(app.db.sql, 'query');
  });
  afterAll(async () => {
    query?.mockRestore();
    await app?.dispose();
  });

  /** Sends one request and counts the token lookups it caused, once its answer has arrived. */
  async function lookupsFor(send: () => Promise<Response>): Promise<{ status: number; lookups: number }> {
    query.mockClear();
    const response = await send();
    await response.arrayBuffer();
    const lookups = query.mock.calls.filter(([text]) => String(text).includes(TOKEN_LOOKUP)).length;
    return { status: response.status, lookups };
  }

  const bearer = () => ({ authorization: `Bearer ${token}` });

  it.each([
    ['a REST route', () => fetch(`${app.url}/api/v1/mcp-servers`, { headers: bearer() })],
    [
      'REST ingest',
      () =>
        fetch(`${app.url}/api/v1/ingest`, {
          method: 'POST',
          headers: { ...bearer(), 'content-type': 'application/json' },
          body: JSON.stringify([
            {
              bucket: 'orders',
              method: 'GET',
              url: 'https://api.example.com/a',
              status: 200,
              timestamp: new Date().toISOString(),
            },
          ]),
        }),
    ],
    ['the REST export', () => fetch(`${app.url}/api/v1/requests/export?since=1h`, { headers: bearer() })],
    [
      'GraphQL',
      () =>
        fetch(`${app.url}/graphql`, {
          method: 'POST',
          headers: { ...bearer(), 'content-type': 'application/json' },
          body: JSON.stringify({ query: '{ viewer { kind } environments { name } }' }),
        }),
    ],
    ['MCP initialize', () => postMcp(app.url, token, INITIALIZE)],
    [
      'OTLP traces',
      () =>
        fetch(`${app.url}/v1/traces`, {
          method: 'POST',
          headers: { ...bearer(), 'content-type': 'application/json' },
          body: JSON.stringify(otlpExport()),
        }),
    ],
  ])('looks the token up once for %s', async (_surface, send) => {
    const { status, lookups } = await lookupsFor(send);
    expect(status).toBe(200);
    expect(lookups).toBe(1);
  });

  it('looks an unknown token up once before refusing it', async () => {
    const unknown = generateTokenSecret('access');
    const { status, lookups } = await lookupsFor(() =>
      fetch(`${app.url}/api/v1/mcp-servers`, { headers: { authorization: `Bearer ${unknown}` } }),
    );
    expect(status).toBe(401);
    expect(lookups).toBe(1);
  });

  it('looks nothing up for a route that needs no caller', async () => {
    const { status, lookups } = await lookupsFor(() => fetch(`${app.url}/api/v1/openapi.json`, { headers: bearer() }));
    expect(status).toBe(200);
    expect(lookups).toBe(0);
  });
});
