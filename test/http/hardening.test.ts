import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadConfig } from '../../src/config.ts';
import { OPERATION_LIMITS } from '../../src/graphql/yoga.ts';
import { startTestApp, TEST_ADMIN_TOKEN } from '../helpers/app-server.ts';

const gql = (url: string, body: unknown, headers: Record<string, string> = {}) =>
  fetch(`${url}/graphql`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', authorization: `Bearer ${TEST_ADMIN_TOKEN}`, ...headers },
    body: typeof body === 'string' ? body : JSON.stringify(body),
  });

describe('HTTP hardening on every surface', () => {
  let app: Awaited<ReturnType<typeof startTestApp>>;

  beforeAll(async () => {
    app = await startTestApp({ ALLOWED_ORIGINS: 'https://console.example.com', GRAPHQL_MAX_BODY_BYTES: '16384' });
  });
  afterAll(() => app.dispose());

  it('sets security headers on GraphQL, REST, MCP and unknown paths', async () => {
    const responses = await Promise.all([
      gql(app.url, { query: '{ viewer { kind } }' }),
      fetch(`${app.url}/api/v1/mcp-servers`),
      fetch(`${app.url}/mcp`, { method: 'POST', body: '{}' }),
      fetch(`${app.url}/nowhere`),
    ]);
    for (const response of responses) {
      expect(response.headers.get('x-content-type-options')).toBe('nosniff');
      expect(response.headers.get('x-frame-options')).toBe('DENY');
      expect(response.headers.get('referrer-policy')).toBe('no-referrer');
      expect(response.headers.get('content-security-policy')).toContain("frame-ancestors 'none'");
      expect(response.headers.get('cache-control')).toBe('no-store');
    }
  });

  it('gives the GraphiQL page a CSP that allows only this origin', async () => {
    const page = await fetch(`${app.url}/graphql`, { headers: { accept: 'text/html' } });
    expect(page.headers.get('content-type')).toContain('text/html');
    const csp = page.headers.get('content-security-policy')!;
    expect(csp).toContain("default-src 'self'");
    expect(csp).toContain("connect-src 'self'");
    expect(csp).not.toContain('*');
  });

  it('echoes a plain X-Request-Id and replaces one that is not plain', async () => {
    const kept = await gql(app.url, { query: '{ viewer { kind } }' }, { 'x-request-id': 'trace-abc.123' });
    expect(kept.headers.get('x-request-id')).toBe('trace-abc.123');
    const replaced = await gql(app.url, { query: '{ viewer { kind } }' }, { 'x-request-id': 'a'.repeat(65) });
    expect(replaced.headers.get('x-request-id')).toMatch(/^[0-9a-f-]{36}$/);
    const fresh = await fetch(`${app.url}/api/v1/mcp-servers`);
    expect(fresh.headers.get('x-request-id')).toMatch(/^[0-9a-f-]{36}$/);
  });

  it('answers CORS for allowed origins only', async () => {
    const preflight = (origin: string) =>
      fetch(`${app.url}/graphql`, {
        method: 'OPTIONS',
        headers: {
          origin,
          'access-control-request-method': 'POST',
          'access-control-request-headers': 'authorization, content-type',
        },
      });
    const allowed = await preflight('https://console.example.com');
    expect(allowed.status).toBe(204);
    expect(allowed.headers.get('access-control-allow-origin')).toBe('https://console.example.com');
    expect(allowed.headers.get('access-control-allow-headers')).toContain('authorization');
    expect((await preflight('https://evil.example')).status).toBe(403);

    const simple = await gql(app.url, { query: '{ viewer { kind } }' }, { origin: 'https://evil.example' });
    expect(simple.headers.get('access-control-allow-origin')).toBeNull();
    const fromConsole = await fetch(`${app.url}/api/v1/mcp-servers`, {
      headers: { origin: 'https://console.example.com' },
    });
    expect(fromConsole.headers.get('access-control-allow-origin')).toBe('https://console.example.com');
    expect(fromConsole.headers.get('access-control-expose-headers')).toContain('mcp-session-id');
  });

  it('refuses a GraphQL body over the limit with 413, declared or streamed', async () => {
    const big = JSON.stringify({ query: `{ viewer { kind } } # ${'x'.repeat(20_000)}` });
    const declared = await gql(app.url, big);
    expect(declared.status).toBe(413);
    expect(JSON.stringify(await declared.json())).toContain('limit 16384 bytes');
    const chunks = new ReadableStream({
      start(controller) {
        controller.enqueue(new TextEncoder().encode(big));
        controller.close();
      },
    });
    const streamed = await fetch(`${app.url}/graphql`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: chunks,
      duplex: 'half',
    } as RequestInit);
    expect(streamed.status).toBe(413);
  });

  it('limits aliases, directives and tokens per operation', async () => {
    const aliases = Array.from({ length: OPERATION_LIMITS.maxAliases + 1 }, (_, i) => `a${i}: viewer { kind }`).join(
      ' ',
    );
    const tooManyAliases = (await (await gql(app.url, { query: `{ ${aliases} }` })).json()) as {
      errors: { message: string }[];
    };
    expect(tooManyAliases.errors[0]!.message).toMatch(/aliases/i);

    const directives = Array.from({ length: OPERATION_LIMITS.maxDirectives + 1 }, () => '@include(if: true)').join(' ');
    const tooManyDirectives = (await (await gql(app.url, { query: `{ viewer ${directives} { kind } }` })).json()) as {
      errors: { message: string }[];
    };
    expect(tooManyDirectives.errors[0]!.message).toMatch(/directives/i);

    const fields = Array.from({ length: OPERATION_LIMITS.maxTokens }, () => 'k').join(' ');
    const tooManyTokens = (await (await gql(app.url, { query: `{ viewer { ${fields} } }` })).json()) as {
      errors: { message: string }[];
    };
    expect(tooManyTokens.errors[0]!.message).toMatch(/token/i);
  });

  it('takes tokens from the Authorization header only, never from the query string', async () => {
    const response = await fetch(`${app.url}/graphql?access_token=${TEST_ADMIN_TOKEN}&token=${TEST_ADMIN_TOKEN}`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ query: '{ viewer { kind } }' }),
    });
    expect(((await response.json()) as { data: { viewer: { kind: string } } }).data.viewer.kind).toBe('anonymous');
  });

  it('never echoes a presented token in an error', async () => {
    const wrong = 'tgp_thisIsNotARealTokenButLooksLikeOne1234567890';
    const graphql = await (
      await gql(app.url, { query: '{ viewer { kind } }' }, { authorization: `Bearer ${wrong}` })
    ).text();
    const rest = await (
      await fetch(`${app.url}/api/v1/mcp-servers`, { headers: { authorization: `Bearer ${wrong}` } })
    ).text();
    const mcp = await (
      await fetch(`${app.url}/mcp`, {
        method: 'POST',
        headers: { authorization: `Bearer ${wrong}`, 'content-type': 'application/json' },
        body: '{}',
      })
    ).text();
    for (const body of [graphql, rest, mcp]) {
      expect(body.length).toBeGreaterThan(0);
      expect(body).not.toContain(wrong);
    }
  });
});

describe('introspection and GraphiQL switches', () => {
  it('default on for loopback, off for any other address', () => {
    expect(loadConfig({ HOST: '127.0.0.1' }).graphql).toMatchObject({ introspection: true, graphiql: true });
    expect(loadConfig({ HOST: '0.0.0.0' }).graphql).toMatchObject({ introspection: false, graphiql: false });
    expect(loadConfig({ HOST: '0.0.0.0', GRAPHQL_INTROSPECTION: 'true', GRAPHIQL: '1' }).graphql).toMatchObject({
      introspection: true,
      graphiql: true,
    });
    expect(() => loadConfig({ GRAPHIQL: 'maybe' })).toThrow('GRAPHIQL must be true or false (got "maybe")');
  });

  it('off: introspection refused, no field suggestions, no GraphiQL page', async () => {
    const app = await startTestApp({ GRAPHQL_INTROSPECTION: 'false', GRAPHIQL: 'false' });
    try {
      const introspection = (await (await gql(app.url, { query: '{ __schema { types { name } } }' })).json()) as {
        errors?: { message: string }[];
      };
      expect(introspection.errors?.[0]?.message).toMatch(/introspection/i);
      const typo = (await (await gql(app.url, { query: '{ viewr { kind } }' })).json()) as {
        errors: { message: string }[];
      };
      expect(typo.errors[0]!.message).not.toMatch(/did you mean/i);
      const page = await fetch(`${app.url}/graphql`, { headers: { accept: 'text/html' } });
      expect(page.headers.get('content-type') ?? '').not.toContain('text/html');
    } finally {
      await app.dispose();
    }
  });

  it('on: suggestions help a typo', async () => {
    const app = await startTestApp();
    try {
      const typo = (await (await gql(app.url, { query: '{ viewr { kind } }' })).json()) as {
        errors: { message: string }[];
      };
      expect(typo.errors[0]!.message).toMatch(/did you mean "viewer"/i);
    } finally {
      await app.dispose();
    }
  });
});
