import { createHash, randomBytes } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestApp } from '../helpers/app-server.ts';
import { createAccount, createToken, type TestAccount } from '../helpers/fixtures.ts';
import { startClientSite } from '../helpers/oauth-client.ts';
import { approveAuthorization } from '../helpers/oauth-consent.ts';

const verifier = () => randomBytes(32).toString('base64url');
const s256 = (value: string) => createHash('sha256').update(value).digest('base64url');

/**
 * The authorization code flow over plain HTTP, the browser's part included (cookies carried by hand), so
 * each refusal can be provoked exactly. The happy path with a real browser and the SDK client is in
 * oauth-flow.e2e.test.ts.
 */
describe('the authorization server refuses what OAuth 2.1 and the MCP authorization spec forbid', () => {
  let app: Awaited<ReturnType<typeof startTestApp>>;
  let site: Awaited<ReturnType<typeof startClientSite>>;
  let acme: TestAccount;
  let clientId: string;
  let redirectUri: string;
  let resource: string;

  beforeAll(async () => {
    app = await startTestApp({}, { testOnlyCimdOverLoopbackHttp: true });
    site = await startClientSite();
    acme = await createAccount(app.db, 'acme', ['production'], ['orders']);
    redirectUri = `${site.origin}/callback`;
    resource = `${app.url}/mcp`;
    const registered = await fetch(`${app.url}/oauth/register`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({
        client_name: 'Negative Tests',
        redirect_uris: [redirectUri],
        grant_types: ['authorization_code', 'refresh_token'],
        token_endpoint_auth_method: 'none',
      }),
    });
    expect(registered.status).toBe(201);
    clientId = ((await registered.json()) as { client_id: string }).client_id;
  });
  afterAll(async () => {
    await site?.close();
    await app?.dispose();
  });

  function authorizeUrl(overrides: Record<string, string | null> = {}, codeVerifier = verifier()): URL {
    const url = new URL('/oauth/authorize', app.url);
    const params: Record<string, string | null> = {
      response_type: 'code',
      client_id: clientId,
      redirect_uri: redirectUri,
      scope: 'traffic:read config:read',
      resource,
      state: 'st',
      code_challenge: s256(codeVerifier),
      code_challenge_method: 'S256',
      ...overrides,
    };
    for (const [key, value] of Object.entries(params)) if (value !== null) url.searchParams.set(key, value);
    return url;
  }

  /** Follows the flow as a browser would, approving on the consent step; returns where it ended. */
  const runAuthorization = (url: URL) =>
    approveAuthorization(app.url, url, {
      environment: acme.environments.production!,
      buckets: null,
      scopes: ['TRAFFIC_READ', 'CONFIG_READ'],
    });

  async function exchange(code: string, codeVerifier: string | null, extra: Record<string, string> = {}) {
    const body = new URLSearchParams({
      grant_type: 'authorization_code',
      code,
      redirect_uri: redirectUri,
      client_id: clientId,
      ...extra,
    });
    if (codeVerifier !== null) body.set('code_verifier', codeVerifier);
    const response = await fetch(`${app.url}/oauth/token`, {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      body,
    });
    return {
      status: response.status,
      body: (await response.json()) as { error?: string; access_token?: string; refresh_token?: string },
    };
  }

  async function codeFor(codeVerifier: string): Promise<string> {
    const ended = await runAuthorization(authorizeUrl({}, codeVerifier));
    expect(ended.searchParams.get('error')).toBeNull();
    return ended.searchParams.get('code')!;
  }

  const callMcp = (token: string) =>
    fetch(`${app.url}/mcp`, {
      method: 'POST',
      headers: {
        authorization: `Bearer ${token}`,
        'content-type': 'application/json',
        accept: 'application/json, text/event-stream',
      },
      body: '{}',
    });

  it('a token for another resource is never issued (RFC 8707)', async () => {
    const ended = await runAuthorization(authorizeUrl({ resource: 'https://api.example.com/mcp' }));
    expect(ended.searchParams.get('error')).toBe('invalid_target');
  });

  it('an authorization request without PKCE is refused', async () => {
    const ended = await runAuthorization(authorizeUrl({ code_challenge: null, code_challenge_method: null }));
    expect(ended.searchParams.get('error')).toBe('invalid_request');
  });

  it('plain PKCE is refused: S256 only', async () => {
    const plain = verifier();
    const ended = await runAuthorization(authorizeUrl({ code_challenge: plain, code_challenge_method: 'plain' }));
    expect(ended.searchParams.get('error')).toBe('invalid_request');
  });

  it('a redirect URI the client did not register gets an error page, not a redirect', async () => {
    const ended = await runAuthorization(authorizeUrl({ redirect_uri: 'https://attacker.example/callback' }));
    expect(ended.origin).toBe(app.url);
    expect(ended.hash).toBe('#status=400');
  });

  it('a Client ID Metadata Document on a private address is never fetched', async () => {
    // localhost resolves to loopback: the SSRF guard closes the connection before any request is sent.
    const before = site.requests.length;
    const ended = await runAuthorization(
      authorizeUrl({ client_id: `https://localhost:${new URL(site.origin).port}/client.json` }),
    );
    expect(ended.origin).toBe(app.url);
    expect(ended.hash).toBe('#status=400');
    expect(site.requests.slice(before)).toEqual([]);
  });

  it('the token exchange needs the code verifier', async () => {
    const codeVerifier = verifier();
    const code = await codeFor(codeVerifier);
    expect((await exchange(code, null)).body.error).toBe('invalid_grant');
  });

  it('an expired code is refused', async () => {
    const codeVerifier = verifier();
    const code = await codeFor(codeVerifier);
    // Codes live 60 s; age this one instead of waiting.
    await app.db.sql.query(
      `UPDATE "OAuthPayload" SET "expiresAt" = now() - interval '1 second' WHERE kind = 'AuthorizationCode' AND id = $1`,
      [code],
    );
    expect((await exchange(code, codeVerifier)).body.error).toBe('invalid_grant');
  });

  it('a code used twice is refused, and the tokens the first use gave stop working', async () => {
    const codeVerifier = verifier();
    const code = await codeFor(codeVerifier);
    const first = await exchange(code, codeVerifier);
    expect(first.status).toBe(200);
    expect((await callMcp(first.body.access_token!)).status).not.toBe(401);
    const second = await exchange(code, codeVerifier);
    expect(second.body.error).toBe('invalid_grant');
    expect((await callMcp(first.body.access_token!)).status).toBe(401);
  });

  it('an OAuth access token opens /mcp only, not /graphql (no token passthrough)', async () => {
    const codeVerifier = verifier();
    const tokens = (await exchange(await codeFor(codeVerifier), codeVerifier)).body;
    const graphql = await fetch(`${app.url}/graphql`, {
      method: 'POST',
      headers: { authorization: `Bearer ${tokens.access_token}`, 'content-type': 'application/json' },
      body: JSON.stringify({ query: '{ viewer { kind } }' }),
    });
    expect(JSON.stringify(await graphql.json())).toMatch(/invalid, revoked or expired/);
  });

  it('a request with no credential is pointed at OAuth discovery', async () => {
    const response = await fetch(`${app.url}/mcp`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', accept: 'application/json, text/event-stream' },
      body: '{}',
    });
    expect(response.status).toBe(401);
    expect(response.headers.get('www-authenticate')).toContain(
      `resource_metadata="${app.url}/.well-known/oauth-protected-resource/mcp"`,
    );
    const metadata = (await (await fetch(`${app.url}/.well-known/oauth-protected-resource/mcp`)).json()) as {
      resource: string;
      authorization_servers: string[];
    };
    expect(metadata).toMatchObject({ resource, authorization_servers: [app.url] });
  });

  it('a wrong static token gets invalid_token without a push to OAuth discovery', async () => {
    const response = await callMcp('tgp_wrongwrongwrongwrongwrongwrong12');
    expect(response.status).toBe(401);
    const challenge = response.headers.get('www-authenticate')!;
    expect(challenge).toContain('error="invalid_token"');
    expect(challenge).not.toContain('resource_metadata');
  });

  it('a valid static token keeps working with OAuth on', async () => {
    const token = await createToken(app.db, acme, { environment: 'production' });
    expect((await callMcp(token.secret)).status).not.toBe(401);
  });
});
