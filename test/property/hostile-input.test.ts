import { mkdtemp, mkdir, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { scanMachine } from '../../src/domain/inventory/scanner/scan-machine.ts';
import { connectStreamable, startTestApp, TEST_ADMIN_TOKEN } from '../helpers/app-server.ts';
import { createAccount, createToken } from '../helpers/fixtures.ts';
import type { Client } from '@modelcontextprotocol/sdk/client/index.js';

// Bounded so the suite stays quick; a failure prints the seed and the shrunk input to replay.
const RUNS = Number(process.env.PROPERTY_RUNS ?? 60);
const TIMEOUT_MS = 5000;

/** Strings with what hostile callers send: control characters, unicode, SQL and path tricks, huge numbers. */
const nasty = fc.oneof(
  fc.string({ maxLength: 40 }),
  fc.string({ unit: 'binary', maxLength: 40 }),
  fc.constantFrom(
    "' OR 1=1 --",
    '../../etc/passwd',
    '%00',
    '\u0000',
    '9'.repeat(40),
    '-1',
    '1e309',
    'NaN',
    '[]',
    '{}',
    '__proto__',
    'constructor',
    '$where',
    '<script>',
    '😀'.repeat(10),
    ' ',
    '',
  ),
);
const anyJson = fc.jsonValue({ maxDepth: 3 });

describe('hostile input on every surface: a clear error, never a 500, a crash or a hang', () => {
  let app: Awaited<ReturnType<typeof startTestApp>>;
  let token: string;
  let client: Client;

  beforeAll(async () => {
    app = await startTestApp({ RATE_LIMIT_PER_TOKEN: '0', RATE_LIMIT_PER_ADDRESS: '0' });
    const account = await createAccount(app.db, 'hostile', ['production'], ['orders']);
    token = (
      await createToken(app.db, account, {
        environment: 'production',
        scopes: ['traffic:read', 'traffic:write', 'events:read', 'events:write', 'config:read', 'inventory:read'],
      })
    ).secret;
    client = (await connectStreamable(app.url, token)).client;
  });
  afterAll(async () => {
    await client.close();
    await app.dispose();
  });

  const request = (pathAndQuery: string, init: RequestInit = {}) =>
    fetch(`${app.url}${pathAndQuery}`, { ...init, signal: AbortSignal.timeout(TIMEOUT_MS) });

  it('REST parameters', async () => {
    const routes = [
      '/api/v1/mcp-servers',
      '/api/v1/mcp-servers/stats',
      '/api/v1/mcp-servers/{id}',
      '/api/v1/mcp-servers/{id}/status',
      '/api/v1/mcp-servers/{id}/config',
      '/api/v1/mcp-servers/{id}/logs',
    ];
    await fc.assert(
      fc.asyncProperty(
        fc.constantFrom(...routes),
        nasty,
        fc.dictionary(fc.constantFrom('page', 'limit', 'snapshot_id', 'server_name', 'lines', 'x'), nasty, {
          maxKeys: 3,
        }),
        async (route, id, query) => {
          const search = new URLSearchParams(query).toString();
          const response = await request(
            `${route.replace('{id}', encodeURIComponent(id))}${search ? `?${search}` : ''}`,
            { headers: { authorization: `Bearer ${token}` } },
          );
          expect([200, 404, 422]).toContain(response.status);
          const body = (await response.json()) as { detail?: string };
          if (response.status !== 200) expect(body.detail).toEqual(expect.any(String));
        },
      ),
      { numRuns: RUNS },
    );
  });

  it("a NUL character in any argument is the caller's input on every surface (fixed cases the properties found)", async () => {
    const rest = await request(`/api/v1/mcp-servers?server_name=%00`, {
      headers: { authorization: `Bearer ${token}` },
    });
    expect(rest.status).toBe(422);
    expect(((await rest.json()) as { detail: string }).detail).toContain('NUL');
    const graphql = await request('/graphql', {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: `Bearer ${token}` },
      body: JSON.stringify({
        query: 'query($q: String) { searchRequests(filter: { query: $q }) { totalCount } }',
        variables: { q: 'a\u0000b' },
      }),
    });
    expect(((await graphql.json()) as { errors: { extensions: { code: string } }[] }).errors[0]!.extensions.code).toBe(
      'BAD_USER_INPUT',
    );
    const tool = (await client.callTool({ name: 'search_requests', arguments: { query: 'a\u0000b' } })) as {
      isError?: boolean;
      content: { text: string }[];
    };
    expect(tool.isError).toBe(true);
    expect(tool.content[0]!.text).toContain('NUL');
  });

  it('GraphQL variables', async () => {
    const query = `query($range: TimeRangeInput, $filter: RequestFilterInput, $first: Int, $after: String, $interval: Interval) {
      searchRequests(range: $range, filter: $filter, first: $first, after: $after) { totalCount }
      responseTimes(range: $range, interval: $interval) { overall { count } } }`;
    const variables = fc.record(
      {
        range: fc.oneof(anyJson, fc.record({ since: nasty }), fc.record({ from: nasty, to: nasty })),
        filter: fc.oneof(
          anyJson,
          fc.record({
            statusClasses: fc.array(nasty, { maxLength: 3 }),
            path: nasty,
            methods: fc.array(nasty, { maxLength: 2 }),
            status: fc.integer(),
          }),
        ),
        first: fc.oneof(fc.integer(), anyJson),
        after: fc.oneof(nasty, anyJson),
        interval: fc.oneof(nasty, anyJson),
      },
      { requiredKeys: [] },
    );
    await fc.assert(
      fc.asyncProperty(variables, async (vars) => {
        const response = await request('/graphql', {
          method: 'POST',
          headers: { 'content-type': 'application/json', authorization: `Bearer ${token}` },
          body: JSON.stringify({ query, variables: vars }),
        });
        expect(response.status).toBeLessThan(500);
        const body = (await response.json()) as { errors?: { message: string; extensions?: { code?: string } }[] };
        for (const error of body.errors ?? []) {
          expect(error.extensions?.code).not.toBe('INTERNAL_SERVER_ERROR');
          expect(error.message.length).toBeGreaterThan(0);
        }
      }),
      { numRuns: RUNS },
    );
  });

  it('GraphQL documents that are not GraphQL', async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.oneof(
          nasty,
          anyJson.map((v) => JSON.stringify(v)),
        ),
        async (text) => {
          const response = await request('/graphql', {
            method: 'POST',
            headers: { 'content-type': 'application/json', authorization: `Bearer ${token}` },
            body: JSON.stringify({ query: text }),
          });
          expect(response.status).toBeLessThan(500);
          const raw = await request('/graphql', {
            method: 'POST',
            headers: { 'content-type': 'application/json' },
            body: text,
          });
          expect(raw.status).toBeLessThan(500);
        },
      ),
      { numRuns: RUNS },
    );
  });

  it('MCP tool arguments', async () => {
    const { tools } = await client.listTools();
    await fc.assert(
      fc.asyncProperty(
        fc.constantFrom(...tools.map((t) => t.name)),
        fc.dictionary(
          fc.constantFrom(
            'since',
            'until',
            'bucket',
            'status',
            'status_class',
            'method',
            'limit',
            'cursor',
            'request_id',
            'interval',
            'type',
            'title',
            'path',
            'query',
          ),
          fc.oneof(nasty, anyJson),
          { maxKeys: 4 },
        ),
        async (name, args) => {
          try {
            const result = (await client.callTool({ name, arguments: args }, undefined, { timeout: TIMEOUT_MS })) as {
              isError?: boolean;
              content: { type: string; text: string }[];
            };
            if (result.isError) {
              expect(result.content[0]!.text).not.toMatch(/failed unexpectedly/);
            }
          } catch (error) {
            // A protocol-level refusal is a clear error too (-32602 invalid params); an internal error is not.
            expect(String((error as Error).message)).toMatch(/-32602|Invalid/i);
          }
        },
      ),
      { numRuns: RUNS },
    );
  });

  it('ingest records', async () => {
    const record = fc.oneof(
      anyJson,
      fc.record(
        {
          method: nasty,
          url: fc.oneof(nasty, fc.webUrl()),
          status: fc.oneof(fc.integer(), nasty),
          duration_ms: fc.oneof(fc.double(), nasty),
          timestamp: fc.oneof(
            nasty,
            fc.date({ noInvalidDate: true }).map((d) => d.toISOString()),
          ),
          bucket: fc.oneof(nasty, fc.constant('orders')),
          request_headers: fc.oneof(anyJson, fc.dictionary(nasty, nasty, { maxKeys: 3 })),
          request_body: fc.oneof(nasty, anyJson),
          id: nasty,
        },
        { requiredKeys: [] },
      ),
    );
    await fc.assert(
      fc.asyncProperty(fc.array(record, { minLength: 1, maxLength: 8 }), async (records) => {
        const response = await request('/api/v1/ingest', {
          method: 'POST',
          headers: { 'content-type': 'application/json', authorization: `Bearer ${token}` },
          body: JSON.stringify(records),
        });
        expect([200, 413, 422]).toContain(response.status);
        const body = (await response.json()) as {
          received?: number;
          accepted?: number;
          excluded?: unknown[];
          rejected?: unknown[];
          detail?: string;
        };
        if (response.status === 200)
          expect(body.accepted! + body.excluded!.length + body.rejected!.length).toBe(body.received);
        else expect(body.detail).toEqual(expect.any(String));
      }),
      { numRuns: RUNS },
    );
  });

  it('well-formed ingest records with hostile free text: every one is stored', async () => {
    const valid = fc.record(
      {
        bucket: fc.constant('orders'),
        method: fc.constantFrom('GET', 'post', 'DELETE'),
        url: fc.webUrl({ withQueryParameters: true, withFragments: true }),
        status: fc.integer({ min: 100, max: 599 }),
        duration_ms: fc.double({ min: 0, max: 60_000, noNaN: true }),
        timestamp: fc
          .date({ min: new Date('2020-01-01'), max: new Date('2030-01-01'), noInvalidDate: true })
          .map((d) => d.toISOString()),
        request_headers: fc.dictionary(nasty, nasty, { maxKeys: 3 }),
        response_headers: fc.dictionary(nasty, nasty, { maxKeys: 3 }),
        request_body: fc.option(nasty),
        response_body: fc.option(nasty),
        user_agent: fc.option(nasty),
        client_ip: fc.option(nasty),
        blocked: fc.boolean(),
        blocked_reason: fc.option(nasty),
      },
      { requiredKeys: ['bucket', 'method', 'url', 'status', 'duration_ms', 'timestamp'] },
    );
    await fc.assert(
      fc.asyncProperty(fc.array(valid, { minLength: 1, maxLength: 8 }), async (records) => {
        const response = await request('/api/v1/ingest', {
          method: 'POST',
          headers: { 'content-type': 'application/json', authorization: `Bearer ${token}` },
          body: JSON.stringify(records),
        });
        expect(response.status).toBe(200);
        expect(await response.json()).toMatchObject({
          received: records.length,
          accepted: records.length,
          rejected: [],
        });
      }),
      { numRuns: RUNS },
    );
  });

  it('still serves normal requests afterwards', async () => {
    const response = await request('/graphql', {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: `Bearer ${TEST_ADMIN_TOKEN}` },
      body: JSON.stringify({ query: '{ viewer { kind } }' }),
    });
    expect(response.status).toBe(200);
  });
});

describe('scanned config files with hostile content', () => {
  it('every file is reported (parsed or with an error); the scan never throws', async () => {
    const content = fc.oneof(
      nasty,
      anyJson.map((v) => JSON.stringify(v)),
      fc.record({ mcpServers: fc.dictionary(nasty, anyJson, { maxKeys: 4 }) }).map((v) => JSON.stringify(v)),
      fc
        .record({ servers: fc.dictionary(nasty, anyJson, { maxKeys: 3 }), inputs: anyJson })
        .map((v) => JSON.stringify(v)),
      fc.string({ maxLength: 200 }).map((s) => `{ // comment\n "mcpServers": { "x": ${s} } }`),
    );
    await fc.assert(
      fc.asyncProperty(content, content, async (cursor, claude) => {
        const home = await mkdtemp(path.join(tmpdir(), 'tg-hostile-home-'));
        try {
          await mkdir(path.join(home, '.cursor'), { recursive: true });
          await writeFile(path.join(home, '.cursor', 'mcp.json'), cursor);
          await writeFile(path.join(home, '.claude.json'), claude);
          const snapshot = await scanMachine({ home, projects: [], discoverProjects: false, env: {} });
          const files = snapshot.files.filter((f) => f.status !== 'not_found');
          expect(files.length).toBe(2);
          for (const file of files) {
            if (file.status !== 'ok') expect(file.error).toEqual(expect.any(String));
          }
        } finally {
          await rm(home, { recursive: true, force: true });
        }
      }),
      { numRuns: RUNS },
    );
  });
});
