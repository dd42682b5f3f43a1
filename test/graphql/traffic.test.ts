import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Database } from '../../src/db/database.ts';
import type { RequestRecord } from '../../src/domain/ingest/request-record.ts';
import { createTestDatabase, DATABASE_KINDS, type TestDatabase } from '../helpers/databases.ts';
import { createAccount, createToken, type TestAccount } from '../helpers/fixtures.ts';
import { errorGroupCounts, leastErroneousPrefix } from '../helpers/error-groups.ts';
import { createGraphQLHarness } from '../helpers/graphql-harness.ts';
import { store, trafficFor } from '../helpers/traffic-data.ts';

const UNTIL = new Date(Math.floor(Date.now() / 3_600_000) * 3_600_000);

/** A database whose Prisma and SQL calls are counted, for the N+1 test. */
function countingDatabase(db: Database) {
  let count = 0;
  const prisma = db.prisma.$extends({
    query: {
      async $allOperations({ args, query }) {
        count++;
        return query(args);
      },
    },
  }) as unknown as Database['prisma'];
  const sql = {
    ...db.sql,
    query: (...args: Parameters<Database['sql']['query']>) => (count++, db.sql.query(...args)),
  } as Database['sql'];
  return { db: { ...db, prisma, sql }, queries: () => count, reset: () => (count = 0) };
}

describe.each(DATABASE_KINDS)('traffic through GraphQL on %s', (kind) => {
  let test: TestDatabase;
  let harness: Awaited<ReturnType<typeof createGraphQLHarness>>;
  let acme: TestAccount;
  let other: TestAccount;
  let records: RequestRecord[];
  let otherRecords: RequestRecord[];
  let narrowToken: string;

  beforeAll(async () => {
    test = await createTestDatabase(kind);
    harness = await createGraphQLHarness(test.db);
    acme = await createAccount(test.db, 'acme', ['production', 'staging'], ['orders', 'billing']);
    other = await createAccount(test.db, 'other', ['production'], ['private']);
    records = trafficFor(acme, { seed: 3, requests: 4000, days: 1, until: UNTIL });
    otherRecords = trafficFor(other, { seed: 4, requests: 500, days: 1, until: UNTIL });
    records[0]!.requestHeaders = { authorization: `Bearer ghp_${'x1Y2'.repeat(9)}`, 'x-trace': 'abc' };
    records[0]!.requestBody = JSON.stringify({ card: '4242', contact: 'ops@example.com' });
    await store(test.db, [...records, ...otherRecords]);
    narrowToken = (await createToken(test.db, acme, { environment: 'staging', buckets: ['billing'] })).secret;
  });
  afterAll(() => test.dispose());

  it('a token limited to one environment and bucket sees only that traffic in every field', async () => {
    const result = await harness.execute<{
      metrics: { totalRequests: number };
      searchRequests: { totalCount: number; nodes: { bucket: { name: string }; environment: { name: string } }[] };
      topErrors: { groups: { count: number }[] };
    }>(
      `{ metrics(range: { since: "2d" }) { totalRequests } searchRequests(first: 100, range: { since: "2d" }) { totalCount nodes { bucket { name } environment { name } } }
         topErrors(limit: 100, range: { since: "2d" }) { groups { count } } }`,
      {},
      narrowToken,
    );
    expect(result.errors).toBeUndefined();
    const visible = records.filter(
      (r) => r.environmentId === acme.environments.staging && r.bucketId === acme.buckets.billing,
    );
    expect(result.data!.metrics.totalRequests).toBe(visible.length);
    expect(result.data!.searchRequests.totalCount).toBe(visible.length);
    expect(
      result.data!.searchRequests.nodes.every((n) => n.bucket.name === 'billing' && n.environment.name === 'staging'),
    ).toBe(true);
    expect(result.data!.topErrors.groups.reduce((s, g) => s + g.count, 0)).toBe(
      visible.filter((r) => r.status >= 400).length,
    );
  });

  it('topErrors narrowed by a path counts only the errors under that path', async () => {
    const production = records.filter((r) => r.environmentId === acme.environments.production);
    const { prefix, outside } = leastErroneousPrefix(production);
    expect(outside).toBeGreaterThan(0);
    const result = await harness.execute<{
      topErrors: { groups: { method: string; route: string; status: number; count: number }[] };
    }>(
      `query($environment: String, $path: String) {
         topErrors(environment: $environment, range: { since: "2d" }, limit: 100, filter: { path: $path }) {
           groups { method route status count } } }`,
      { environment: acme.environments.production, path: prefix },
    );
    expect(result.errors).toBeUndefined();
    const expected = errorGroupCounts(production.filter((r) => r.path.startsWith(prefix)));
    const groups = result.data!.topErrors.groups;
    expect(new Map(groups.map((g) => [`${g.method} ${g.route} ${g.status}`, g.count]))).toEqual(expected);
  });

  it('names the status class of each request by its RFC 9110 name', async () => {
    const result = await harness.execute<{ searchRequests: { nodes: { status: number; statusClass: string }[] } }>(
      `{ searchRequests(environment: "${acme.environments.production}", range: { since: "2d" }, first: 100, filter: { statusMin: 200 }) { nodes { status statusClass } } }`,
    );
    const names = ['INFORMATIONAL', 'SUCCESS', 'REDIRECTION', 'CLIENT_ERROR', 'SERVER_ERROR'];
    const nodes = result.data!.searchRequests.nodes;
    expect(new Set(nodes.map((n) => n.statusClass)).size).toBeGreaterThan(1);
    for (const node of nodes) expect(node.statusClass).toBe(names[Math.floor(node.status / 100) - 1]);
  });

  it('topErrors takes no free text: its filter input has no query field', async () => {
    const result = await harness.execute(
      `{ topErrors(environment: "${acme.environments.production}", filter: { query: "x" }) { groups { count } } }`,
    );
    expect(result.errors?.[0]?.message).toMatch(/"query" is not defined by type "ErrorGroupFilterInput"/);
  });

  it.each([
    ['statusClasses: [SUCCESS]', 'filter.statusClasses', /error groups are 4xx or 5xx/],
    ['status: 200', 'filter.status', /error groups have a status of 400 or more/],
  ])('topErrors refuses a filter (%s) no error can match, naming %s', async (filter, argument, message) => {
    const result = await harness.execute(
      `{ topErrors(environment: "${acme.environments.production}", filter: { ${filter} }) { groups { count } } }`,
    );
    expect(result.errors?.[0]?.extensions).toMatchObject({ code: 'BAD_USER_INPUT', argument });
    expect(result.errors?.[0]?.message).toMatch(message);
  });

  it('ids of another environment, bucket or account read as not found', async () => {
    const foreign = [
      records.find((r) => r.environmentId === acme.environments.production)!,
      records.find((r) => r.environmentId === acme.environments.staging && r.bucketId === acme.buckets.orders)!,
      otherRecords[0]!,
    ];
    for (const record of foreign) {
      const result = await harness.execute(
        'query($id: String!) { requestDetail(id: $id) { id } }',
        { id: record.publicId },
        narrowToken,
      );
      expect(result.errors?.[0]?.extensions?.code).toBe('NOT_FOUND');
      expect(result.errors?.[0]?.message).toBe(`Request "${record.publicId}" not found`);
    }
    const own = records.find(
      (r) => r.environmentId === acme.environments.staging && r.bucketId === acme.buckets.billing,
    )!;
    const ok = await harness.execute<{ requestDetail: { id: string } }>(
      'query($id: String!) { requestDetail(id: $id) { id } }',
      { id: own.publicId },
      narrowToken,
    );
    expect(ok.data?.requestDetail.id).toBe(own.publicId);
  });

  it('naming another environment or a bucket outside the token reads as not found', async () => {
    const env = await harness.execute('{ metrics(environment: "production") { totalRequests } }', {}, narrowToken);
    expect(env.errors?.[0]?.extensions?.code).toBe('NOT_FOUND');
    const bucket = await harness.execute('{ metrics(buckets: ["orders"]) { totalRequests } }', {}, narrowToken);
    expect(bucket.errors?.[0]?.extensions?.code).toBe('NOT_FOUND');
    const foreignBucket = await harness.execute(
      `{ metrics(buckets: ["${other.buckets.private}"]) { totalRequests } }`,
      {},
      narrowToken,
    );
    expect(foreignBucket.errors?.[0]?.extensions?.code).toBe('NOT_FOUND');
  });

  it('request detail returns headers and bodies through the sanitizer', async () => {
    const token = (await createToken(test.db, acme, { environment: 'production' })).secret;
    const result = await harness.execute<{
      requestDetail: { requestHeaders: Record<string, string>; requestBody: string; requestBodyTruncated: boolean };
    }>(
      'query($id: String!) { requestDetail(id: $id) { requestHeaders requestBody requestBodyTruncated } }',
      { id: records[0]!.publicId },
      records[0]!.environmentId === acme.environments.production ? token : narrowToken,
    );
    const detail =
      result.data?.requestDetail ??
      (
        await harness.execute<{ requestDetail: never }>(
          'query($id: String!) { requestDetail(id: $id) { requestHeaders requestBody requestBodyTruncated } }',
          { id: records[0]!.publicId },
        )
      ).data!.requestDetail;
    const text = JSON.stringify(detail);
    expect(text).not.toContain('ghp_');
    expect(text).not.toContain('ops@example.com');
    expect((detail as { requestHeaders: Record<string, string> }).requestHeaders['x-trace']).toBe('abc');
  });

  it('a page of 100 requests with bucket, environment and headers costs a constant number of queries', async () => {
    const counting = countingDatabase(test.db);
    const counted = await createGraphQLHarness(counting.db as Database);
    const query = `query($n: Int) { searchRequests(first: $n) { nodes { id bucket { name } environment { name } requestHeaders responseBody } } }`;
    counting.reset();
    const small = await counted.execute<{ searchRequests: { nodes: unknown[] } }>(query, { n: 5 }, counted.adminToken);
    expect(small.errors?.[0]?.extensions?.code).toBe('BAD_USER_INPUT'); // admins must name an environment
    expect(small.errors?.[0]?.message).toMatch(/environment is required/);
    const withEnv = query.replace(
      'searchRequests(first: $n)',
      `searchRequests(first: $n, environment: "${acme.environments.production}", range: { since: "2d" })`,
    );
    counting.reset();
    const five = await counted.execute<{ searchRequests: { nodes: unknown[] } }>(withEnv, { n: 5 }, counted.adminToken);
    const fiveQueries = counting.queries();
    counting.reset();
    const hundred = await counted.execute<{ searchRequests: { nodes: unknown[] } }>(
      withEnv,
      { n: 100 },
      counted.adminToken,
    );
    expect(five.data!.searchRequests.nodes).toHaveLength(5);
    expect(hundred.data!.searchRequests.nodes).toHaveLength(100);
    expect(counting.queries()).toBe(fiveQueries);
    expect(counting.queries()).toBeLessThanOrEqual(8);
  });

  /** Runs a query written for "production" against the test account's production environment. */
  const inProduction = (query: string) =>
    harness.execute(query.replace('environment: "production"', `environment: "${acme.environments.production}"`));

  it.each([
    ['{ searchRequests(environment: "production", first: 0) { totalCount } }', 'first'],
    ['{ searchRequests(environment: "production", first: 1000) { totalCount } }', 'first'],
    ['{ searchRequests(environment: "production", after: "bm90LWEtY3Vyc29y") { totalCount } }', 'after'],
    ['{ metrics(environment: "production", range: { from: "yesterday-ish" }) { totalRequests } }', 'range.from'],
    ['{ metrics(environment: "production", range: { since: "2 fortnights" }) { totalRequests } }', 'range.since'],
    [
      '{ metrics(environment: "production", range: { from: "2026-01-02T00:00:00Z", to: "2026-01-01T00:00:00Z" }) { totalRequests } }',
      'range.from',
    ],
    ['{ metrics(environment: "production", range: { since: "401d" }) { totalRequests } }', 'range.from'],
    [
      '{ comparePeriods(environment: "production", after: { since: "2 fortnights" }) { insufficientCount } }',
      'after.since',
    ],
    [
      '{ comparePeriods(environment: "production", before: { from: "2026-01-02T00:00:00Z", to: "2026-01-01T00:00:00Z" }) { insufficientCount } }',
      'before.from',
    ],
    [
      '{ throughput(environment: "production", range: { since: "30d" }, interval: ONE_MINUTE) { interval } }',
      'interval',
    ],
    ['{ searchRequests(environment: "production", filter: { status: 99 }) { totalCount } }', 'filter.status'],
    [
      '{ searchRequests(environment: "production", filter: { methods: ["GET; DROP"] }) { totalCount } }',
      'filter.methods',
    ],
    [
      '{ metrics(environment: "production", range: { since: "30d" }, filter: { query: "checkout" }) { totalRequests } }',
      'filter.query',
    ],
    ['{ throughput(environment: "production", filter: { userAgent: "curl" }) { interval } }', 'filter.userAgent'],
    ['{ responseTimes(environment: "production", filter: { path: "api/users" }) { interval } }', 'filter.path'],
    ['{ responseTimes(environment: "production", filter: { query: "x" }) { interval } }', 'filter.query'],
  ])('bad input %s is a BAD_USER_INPUT naming %s, never a 500', async (query, argument) => {
    const result = await inProduction(query);
    expect(result.status).toBe(200);
    expect(result.errors?.[0]?.extensions).toMatchObject({ code: 'BAD_USER_INPUT', argument });
  });

  // Status classes and intervals are enums: a value outside them never reaches a resolver.
  it.each([
    ['{ searchRequests(environment: "production", filter: { statusClasses: ["7xx"] }) { totalCount } }', 'StatusClass'],
    [
      '{ topErrors(environment: "production", filter: { statusClasses: [SEVEN_XX] }) { groups { count } } }',
      'StatusClass',
    ],
    ['{ throughput(environment: "production", interval: "2m") { interval } }', 'Interval'],
    ['{ throughput(environment: "production", interval: constructor) { interval } }', 'Interval'],
    ['{ responseTimes(environment: "production", interval: __proto__) { interval } }', 'Interval'],
  ])('a value outside its enum in %s is refused naming %s, never a 500', async (query, enumName) => {
    const result = await inProduction(query);
    expect(result.status).toBeLessThan(500);
    expect(result.data ?? null).toBeNull();
    expect(result.errors?.[0]?.message).toContain(`"${enumName}"`);
  });

  it('an interval sent as its label ("1h") in a variable is a BAD_USER_INPUT naming the Interval enum', async () => {
    const result = await harness.execute(
      `query($interval: Interval) { throughput(environment: "${acme.environments.production}", interval: $interval) { interval } }`,
      { interval: '1h' },
    );
    expect(result.errors?.[0]?.extensions).toMatchObject({ code: 'BAD_USER_INPUT' });
    expect(result.errors?.[0]?.message).toMatch(/"1h".*"Interval"/);
  });

  it.each([
    [
      'createEvent.startedAt',
      'mutation($t: String!, $e: String) { createEvent(input: { environment: $e, type: deployment, title: "x", startedAt: $t }) { id } }',
    ],
    [
      'importSnapshot.takenAt',
      'mutation($t: DateTime!) { importSnapshot(input: { files: [], takenAt: $t }) { __typename } }',
    ],
    [
      'seedDemoData.until',
      'mutation($t: DateTime!) { seedDemoData(input: { seed: 1, requests: 0, days: 1, until: $t, offset: 0, count: 1 }) { accountCreated } }',
    ],
  ])(
    '%s out of range (+275760, 0000, -004713) is a BAD_USER_INPUT saying the supported range',
    async (_field, mutation) => {
      for (const time of ['+275760-09-13T00:00:00Z', '0000-01-01T00:00:00Z', '-004713-01-01T00:00:00Z']) {
        const result = await harness.execute(mutation, {
          t: time,
          ...(mutation.includes('$e') ? { e: acme.environments.production } : {}),
        });
        expect(result.errors?.[0]?.extensions?.code, time).toBe('BAD_USER_INPUT');
        expect(result.errors?.[0]?.message).toContain('outside the supported range 1900-01-01 to 9999-12-31');
      }
    },
  );

  it('createEvent stores a marker that events lists, with the token as creator', async () => {
    const writer = (await createToken(test.db, acme, { environment: 'production', name: 'ci-bot' })).secret;
    const created = await harness.execute<{
      createEvent: { id: string; type: string; createdBy: string; startedAt: string };
    }>(
      `mutation { createEvent(input: { type: deployment, title: "Deploy v2.3.1", version: "2.3.1", source: "github-actions", url: "https://ci.example.com/run/1" }) {
        id type createdBy startedAt } }`,
      {},
      writer,
    );
    expect(created.errors).toBeUndefined();
    expect(created.data!.createEvent.createdBy).toBe('token:ci-bot');
    expect(Math.abs(new Date(created.data!.createEvent.startedAt).getTime() - Date.now())).toBeLessThan(60_000);
    const listed = await harness.execute<{ events: { events: { id: string; title: string }[] } }>(
      '{ events(types: [deployment]) { events { id title } } }',
      {},
      writer,
    );
    expect(listed.data!.events.events.map((e) => e.id)).toContain(created.data!.createEvent.id);
  });

  it('createEvent needs events:write and refuses an end before the start', async () => {
    const reader = (await createToken(test.db, acme, { environment: 'production', scopes: ['events:read'] })).secret;
    const denied = await harness.execute(
      'mutation { createEvent(input: { type: other, title: "x" }) { id } }',
      {},
      reader,
    );
    expect(denied.errors?.[0]?.extensions?.code).toBe('FORBIDDEN');
    const writer = (await createToken(test.db, acme, { environment: 'production' })).secret;
    const bad = await harness.execute(
      'mutation { createEvent(input: { type: incident, title: "x", startedAt: "2026-01-02T00:00:00Z", endedAt: "2026-01-01T00:00:00Z" }) { id } }',
      {},
      writer,
    );
    expect(bad.errors?.[0]?.extensions).toMatchObject({ code: 'BAD_USER_INPUT', argument: 'input.endedAt' });
  });

  it('a bucket-limited token sees events of its buckets and environment-wide ones only', async () => {
    await test.db.prisma.event.createMany({
      data: [
        {
          accountId: acme.accountId,
          environmentId: acme.environments.staging!,
          bucketId: acme.buckets.billing!,
          type: 'deployment',
          title: 'billing deploy',
          startedAt: new Date(),
          createdBy: 't',
        },
        {
          accountId: acme.accountId,
          environmentId: acme.environments.staging!,
          bucketId: acme.buckets.orders!,
          type: 'deployment',
          title: 'orders deploy',
          startedAt: new Date(),
          createdBy: 't',
        },
        {
          accountId: acme.accountId,
          environmentId: acme.environments.staging!,
          type: 'incident',
          title: 'env-wide incident',
          startedAt: new Date(),
          createdBy: 't',
        },
      ],
    });
    const result = await harness.execute<{ events: { events: { title: string }[] } }>(
      '{ events { events { title } } }',
      {},
      narrowToken,
    );
    expect(result.data!.events.events.map((e) => e.title).sort()).toEqual(['billing deploy', 'env-wide incident']);
  });
});
