import type { Client } from '@modelcontextprotocol/sdk/client/index.js';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { connectStreamable, startTestApp } from '../helpers/app-server.ts';
import { createAccount, createToken, type TestAccount } from '../helpers/fixtures.ts';
import { store, trafficFor } from '../helpers/traffic-data.ts';

// A worst-case pattern: 200 characters that almost match everywhere ('a' repeated), so ILIKE does the most work.
const WORST_QUERY = `${'a'.repeat(199)}b`;
/** Stated bound for /healthz while eight worst-case searches run on PGlite; before the fix it waited seconds. */
const HEALTHZ_BOUND_MS = 300;

type GraphQLAnswer<T> = { data?: T; errors?: { message: string; extensions?: { code?: string } }[] };
type ToolResult = { content: { text: string }[]; isError?: boolean };

describe('free-text search on the embedded database (PGlite)', () => {
  let app: Awaited<ReturnType<typeof startTestApp>>;
  let account: TestAccount;
  let token: string;
  let client: Client;

  const graphql = async <T>(query: string, variables: Record<string, unknown>): Promise<GraphQLAnswer<T>> => {
    const response = await fetch(new URL('/graphql', app.url), {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: `Bearer ${token}` },
      body: JSON.stringify({ query, variables }),
    });
    return (await response.json()) as GraphQLAnswer<T>;
  };
  const search = (text: string, range: Record<string, string>) =>
    graphql<{ searchRequests: { totalCount: number; nodes: { id: string }[] } }>(
      'query($q: String, $range: TimeRangeInput) { searchRequests(range: $range, filter: { query: $q }, first: 20) { totalCount nodes { id } } }',
      { q: text, range },
    );

  beforeAll(async () => {
    app = await startTestApp();
    account = await createAccount(app.db, 'free-text');
    await store(app.db, trafficFor(account, { seed: 20, requests: 40_000, days: 7, until: new Date() }));
    token = (
      await createToken(app.db, account, { environment: 'production', buckets: 'all', scopes: ['traffic:read'] })
    ).secret;
    ({ client } = await connectStreamable(app.url, token));
  }, 120_000);
  afterAll(async () => {
    await client?.close();
    await app?.dispose();
  });

  it('keeps /healthz answering while eight worst-case free-text searches run in parallel', async () => {
    let slowest = 0;
    let running = true;
    const probe = (async () => {
      while (running) {
        const started = performance.now();
        await fetch(new URL('/healthz', app.url));
        slowest = Math.max(slowest, performance.now() - started);
        await new Promise((resolve) => setTimeout(resolve, 10));
      }
    })();
    const answers = await Promise.all(Array.from({ length: 8 }, () => search(WORST_QUERY, { since: '7d' })));
    running = false;
    await probe;
    // Each search either answers or is stopped at its budget with a user error: never a crash, never a stall.
    for (const answer of answers) {
      if (answer.errors) expect(answer.errors[0]!.extensions?.code).toBe('BAD_USER_INPUT');
      else expect(answer.data!.searchRequests.totalCount).toBe(0);
    }
    expect(slowest).toBeLessThan(HEALTHZ_BOUND_MS);
  }, 120_000);

  it('finds the same requests and total as one unsliced statement would', async () => {
    const answer = await search('users', { since: '7d' });
    expect(answer.errors).toBeUndefined();
    const env = account.environments.production!;
    const [expected] = await app.db.sql.query<{ count: number }>(
      `SELECT count(*)::int AS count FROM "Request" WHERE "environmentId" = $1 AND "timestamp" >= now() - interval '7 days'
       AND ("url" ILIKE '%users%' OR "host" ILIKE '%users%' OR coalesce("userAgent", '') ILIKE '%users%')`,
      [env],
    );
    expect(expected!.count).toBeGreaterThan(20);
    expect(answer.data!.searchRequests.totalCount).toBe(expected!.count);
    const newest = await app.db.sql.query<{ publicId: string }>(
      `SELECT "publicId" FROM "Request" WHERE "environmentId" = $1 AND ("url" ILIKE '%users%' OR "host" ILIKE '%users%' OR coalesce("userAgent", '') ILIKE '%users%')
       ORDER BY "timestamp" DESC, "id" DESC LIMIT 20`,
      [env],
    );
    expect(answer.data!.searchRequests.nodes.map((n) => n.id)).toEqual(newest.map((r) => r.publicId));
  });

  it('refuses a query over 200 characters on GraphQL, naming the limit', async () => {
    const answer = await search(`${'x'.repeat(200)}y`, { since: '1h' });
    expect(answer.errors?.[0]?.extensions?.code).toBe('BAD_USER_INPUT');
    expect(answer.errors?.[0]?.message).toBe('filter.query: free text is at most 200 characters (got 201)');
  });

  it('refuses free text over more than 7 days on GraphQL, saying what to narrow', async () => {
    const answer = await search('users', { since: '8d' });
    expect(answer.errors?.[0]?.extensions?.code).toBe('BAD_USER_INPUT');
    expect(answer.errors?.[0]?.message).toMatch(/^range: a free-text search covers at most 7 days; narrow range/);
  });

  it('refuses the same on MCP search_requests with the same messages', async () => {
    const long = (await client.callTool({
      name: 'search_requests',
      arguments: { query: 'x'.repeat(201), since: '1h' },
    })) as ToolResult;
    expect(long.isError).toBe(true);
    expect(long.content[0]!.text).toContain('free text is at most 200 characters (got 201)');
    const wide = (await client.callTool({
      name: 'search_requests',
      arguments: { query: 'users', since: '90d' },
    })) as ToolResult;
    expect(wide.isError).toBe(true);
    expect(wide.content[0]!.text).toContain('a free-text search covers at most 7 days');
  });
});
