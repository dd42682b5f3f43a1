import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestApp } from '../helpers/app-server.ts';

/**
 * The server sits behind a proxy on this machine (TRUST_PROXY=127.0.0.1), so X-Forwarded-For names the
 * client: each test speaks from addresses of its own, as callers on the internet would.
 */
describe('rate limits on the OAuth endpoints', () => {
  let app: Awaited<ReturnType<typeof startTestApp>>;
  let clientId: string;
  const from = (address: string) => ({ 'x-forwarded-for': address });
  const register = (address: string) =>
    fetch(`${app.url}/oauth/register`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', ...from(address) },
      body: JSON.stringify({
        client_name: 'Rate Limit Tests',
        redirect_uris: ['http://127.0.0.1:9/callback'],
        grant_types: ['authorization_code'],
        token_endpoint_auth_method: 'none',
      }),
    });
  const guessCode = (address: string) =>
    fetch(`${app.url}/oauth/token`, {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded', ...from(address) },
      body: new URLSearchParams({
        grant_type: 'authorization_code',
        code: `guess-${Math.random()}`,
        client_id: clientId,
        redirect_uri: 'http://127.0.0.1:9/callback',
        code_verifier: 'v'.repeat(43),
      }),
    });
  const authorize = (address: string) =>
    fetch(`${app.url}/oauth/authorize?client_id=nobody&response_type=code`, {
      headers: from(address),
      redirect: 'manual',
    });

  const expectRateLimited = async (response: Response) => {
    expect(response.status).toBe(429);
    expect(Number(response.headers.get('retry-after'))).toBeGreaterThan(0);
    const body = (await response.json()) as { error: string; error_description: string };
    expect(body.error).toBe('temporarily_unavailable');
    expect(body.error_description).toMatch(
      /^Rate limit exceeded: \d+ requests per minute per address to this endpoint; retry in \d+ s$/,
    );
  };

  beforeAll(async () => {
    app = await startTestApp({
      TRUST_PROXY: '127.0.0.1',
      RATE_LIMIT_OAUTH_REGISTER_PER_ADDRESS: '2',
      RATE_LIMIT_OAUTH_TOKEN_PER_ADDRESS: '3',
      RATE_LIMIT_OAUTH_AUTHORIZE_PER_ADDRESS: '2',
    });
    // A registered client guessing codes: each guess reaches the grant check (400 invalid_grant).
    clientId = ((await (await register('203.0.113.1')).json()) as { client_id: string }).client_id;
  });
  afterAll(() => app.dispose());

  it('registers a few clients per address, then answers 429 with Retry-After', async () => {
    expect((await register('203.0.113.10')).status).toBe(201);
    expect((await register('203.0.113.10')).status).toBe(201);
    await expectRateLimited(await register('203.0.113.10'));
    expect(await app.db.prisma.oAuthPayload.count({ where: { kind: 'Client' } })).toBe(3);
  });

  it('bounds guessing at the token endpoint per address', async () => {
    for (let i = 0; i < 3; i++) expect((await guessCode('203.0.113.20')).status).toBe(400);
    await expectRateLimited(await guessCode('203.0.113.20'));
  });

  it('bounds requests to the authorization endpoint per address', async () => {
    for (let i = 0; i < 2; i++) expect((await authorize('203.0.113.30')).status).not.toBe(429);
    await expectRateLimited(await authorize('203.0.113.30'));
  });

  it('counts each address on its own, so one client spending its limit does not lock out another', async () => {
    for (let i = 0; i < 3; i++) await guessCode('203.0.113.40');
    await expectRateLimited(await guessCode('203.0.113.40'));
    expect((await guessCode('203.0.113.41')).status).toBe(400);
    expect((await register('203.0.113.41')).status).toBe(201);
  });
});
