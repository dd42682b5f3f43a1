import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadConfig } from '../../src/config.ts';
import { startTestApp, TEST_ADMIN_TOKEN } from '../helpers/app-server.ts';
import { rawRequest } from '../helpers/raw-http.ts';

const port = (url: string) => new URL(url).port;

describe('Host header validation (DNS rebinding)', () => {
  let app: Awaited<ReturnType<typeof startTestApp>>;
  beforeAll(async () => {
    app = await startTestApp({ PUBLIC_URL: 'https://traffic.example.com' });
  });
  afterAll(() => app.dispose());

  it('refuses Host: evil.example with no Origin on the token-less REST inventory with 421', async () => {
    const response = await rawRequest(app.url, '/api/v1/mcp-servers', { host: `evil.example:${port(app.url)}` });
    expect(response.status).toBe(421);
    expect(JSON.parse(response.text).detail).toContain('Host "evil.example');
  });

  it('refuses Host: evil.example on /metrics', async () => {
    expect((await rawRequest(app.url, '/metrics', { host: 'evil.example' })).status).toBe(421);
  });

  it('refuses a foreign Host in the shape of the surface called, even with a valid token', async () => {
    const graphql = await rawRequest(
      app.url,
      '/graphql',
      { host: 'evil.example', authorization: `Bearer ${TEST_ADMIN_TOKEN}`, 'content-type': 'application/json' },
      'POST',
      '{"query":"{ viewer { kind } }"}',
    );
    expect(graphql.status).toBe(421);
    expect(JSON.parse(graphql.text).errors[0].extensions.code).toBe('MISDIRECTED_REQUEST');
    const mcp = await rawRequest(
      app.url,
      '/mcp',
      { host: 'evil.example', authorization: `Bearer ${TEST_ADMIN_TOKEN}`, 'content-type': 'application/json' },
      'POST',
      '{}',
    );
    expect(JSON.parse(mcp.text).jsonrpc).toBe('2.0');
  });

  it('accepts loopback names, the listen address and the host of PUBLIC_URL', async () => {
    for (const host of [
      `127.0.0.1:${port(app.url)}`,
      `localhost:${port(app.url)}`,
      `[::1]:${port(app.url)}`,
      'traffic.example.com',
      'TRAFFIC.example.com.',
    ]) {
      expect((await rawRequest(app.url, '/api/v1/mcp-servers', { host })).status, host).toBe(200);
    }
  });

  it('answers /healthz and /readyz whatever the Host: probes dial addresses this server cannot know', async () => {
    expect((await rawRequest(app.url, '/healthz', { host: 'evil.example' })).status).toBe(200);
    expect((await rawRequest(app.url, '/readyz', { host: '10.96.0.12:8000' })).status).toBe(200);
  });

  it('PUBLIC_URL must be an absolute http(s) URL', () => {
    expect(loadConfig({ PUBLIC_URL: 'https://traffic.example.com' }).publicUrl?.hostname).toBe('traffic.example.com');
    expect(loadConfig({}).publicUrl).toBeNull();
    expect(() => loadConfig({ PUBLIC_URL: 'traffic.example.com' })).toThrow(/^PUBLIC_URL must be an absolute URL/);
    expect(() => loadConfig({ PUBLIC_URL: 'ftp://traffic.example.com' })).toThrow(/^PUBLIC_URL must start with http/);
  });
});

describe('"local" (no token needed) is a loopback socket and an unproxied request', () => {
  let app: Awaited<ReturnType<typeof startTestApp>>;
  beforeAll(async () => {
    app = await startTestApp();
  });
  afterAll(() => app.dispose());

  it('a direct loopback request reads the inventory and /metrics without a token', async () => {
    expect((await rawRequest(app.url, '/api/v1/mcp-servers')).status).toBe(200);
    expect((await rawRequest(app.url, '/metrics')).status).toBe(200);
  });

  it.each([
    ['x-forwarded-for', '203.0.113.9'],
    ['forwarded', 'for=203.0.113.9'],
    ['x-forwarded-host', 'traffic.example.com'],
    ['x-real-ip', '203.0.113.9'],
  ])('a loopback request carrying %s (a reverse proxy on this machine) needs a token', async (name, value) => {
    expect((await rawRequest(app.url, '/api/v1/mcp-servers', { [name]: value })).status).toBe(401);
    expect((await rawRequest(app.url, '/metrics', { [name]: value })).status).toBe(401);
    expect(
      (await rawRequest(app.url, '/metrics', { [name]: value, authorization: `Bearer ${TEST_ADMIN_TOKEN}` })).status,
    ).toBe(200);
  });

  it('with TRUST_PROXY set, even a loopback client named by the proxy needs a token', async () => {
    const proxied = await startTestApp({ TRUST_PROXY: '127.0.0.1' });
    try {
      expect((await rawRequest(proxied.url, '/api/v1/mcp-servers')).status).toBe(401);
      expect((await rawRequest(proxied.url, '/api/v1/mcp-servers', { 'x-forwarded-for': '127.0.0.1' })).status).toBe(
        401,
      );
      expect((await rawRequest(proxied.url, '/metrics')).status).toBe(401);
    } finally {
      await proxied.dispose();
    }
  });
});
