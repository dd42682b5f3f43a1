import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ROUTES_PER_CELL } from '../../../src/domain/ingest/rollup-periods.ts';
import type { RequestRecord } from '../../../src/domain/ingest/request-record.ts';
import { createTestDatabase, DATABASE_KINDS, type TestDatabase } from '../../helpers/databases.ts';
import {
  DELETE_ENVIRONMENT_WIDE_ROUTE_ROWS,
  INSERT_ENVIRONMENT_WIDE_ROUTE_ROWS,
} from '../../helpers/environment-wide-route-rows.ts';
import { createAccount, createToken, type TestAccount } from '../../helpers/fixtures.ts';
import { createGraphQLHarness } from '../../helpers/graphql-harness.ts';
import { exactPercentile, store, trafficFor } from '../../helpers/traffic-data.ts';

const RUNS = Number(process.env.PROPERTY_RUNS ?? 15);
const UNTIL = new Date('2026-10-25T00:00:00Z');
const HOUR = 3_600_000;

type Stats = {
  count: number;
  clientErrorCount: number;
  serverErrorCount: number;
  p50Ms: number;
  p95Ms: number;
  p99Ms: number;
};
type Page = {
  endpoints: {
    totalCount: number;
    untrackedRequests: number;
    endCursor: string | null;
    nodes: { method: string; route: string; stats: Stats; previous: Stats | null; p95Change: number | null }[];
  };
};
const QUERY = `query($range: TimeRangeInput, $sort: EndpointSort, $first: Int, $after: String, $buckets: [String!]) {
  endpoints(range: $range, sort: $sort, first: $first, after: $after, buckets: $buckets) {
    totalCount untrackedRequests endCursor
    nodes { method route p95Change stats { count clientErrorCount serverErrorCount p50Ms p95Ms p99Ms } previous { count p95Ms } }
  }
}`;

describe.each(DATABASE_KINDS)('endpoints on %s', (kind) => {
  let test: TestDatabase;
  let harness: Awaited<ReturnType<typeof createGraphQLHarness>>;
  let account: TestAccount;
  let records: RequestRecord[];
  let token: string;

  beforeAll(async () => {
    test = await createTestDatabase(kind);
    harness = await createGraphQLHarness(test.db);
    account = await createAccount(test.db, 'endpoints', ['production'], ['orders', 'billing']);
    records = trafficFor(account, { seed: 41, requests: 10_000, days: 3, until: UNTIL });
    await store(test.db, records);
    token = (await createToken(test.db, account, { environment: 'production', buckets: 'all' })).secret;
  });
  afterAll(() => test.dispose());

  const byEndpoint = (from: Date, to: Date, bucket: string | null) => {
    const groups = new Map<string, RequestRecord[]>();
    for (const r of records) {
      if (r.timestamp < from || r.timestamp >= to || (bucket && r.bucketId !== account.buckets[bucket])) continue;
      const key = `${r.method} ${r.route}`;
      groups.set(key, [...(groups.get(key) ?? []), r]);
    }
    return groups;
  };

  it('per-endpoint counts are exact and percentiles within 2% of exact nearest-rank, for random unaligned ranges and buckets', async () => {
    // Ends up to 50 minutes past the last stored request too: the range read up to now, with nothing after it.
    const ranges = fc
      .tuple(fc.integer({ min: 0, max: 50 * 60 }), fc.integer({ min: 20, max: 24 * 60 }))
      .map(([start, length]) => {
        const from = new Date(UNTIL.getTime() - 72 * HOUR + start * 60_000 + 12_345);
        return {
          from,
          to: new Date(Math.min(from.getTime() + length * 60_000, UNTIL.getTime() + 50 * 60_000 + 6_789)),
        };
      });
    await fc.assert(
      fc.asyncProperty(ranges, fc.constantFrom(null, 'orders', 'billing'), async ({ from, to }, bucket) => {
        const result = await harness.execute<Page>(
          QUERY,
          { range: { from: from.toISOString(), to: to.toISOString() }, first: 100, buckets: bucket ? [bucket] : null },
          token,
        );
        expect(result.errors).toBeUndefined();
        const expected = byEndpoint(from, to, bucket);
        const page = result.data!.endpoints;
        expect(page.totalCount).toBe(expected.size);
        expect(page.untrackedRequests).toBe(0);
        for (const node of page.nodes) {
          const rows = expected.get(`${node.method} ${node.route}`)!;
          expect(node.stats.count).toBe(rows.length);
          expect(node.stats.clientErrorCount).toBe(rows.filter((r) => r.status >= 400 && r.status < 500).length);
          expect(node.stats.serverErrorCount).toBe(rows.filter((r) => r.status >= 500).length);
          const sorted = rows.map((r) => r.durationMs).sort((a, b) => a - b);
          for (const [key, p] of [
            ['p50Ms', 0.5],
            ['p95Ms', 0.95],
            ['p99Ms', 0.99],
          ] as const) {
            const exact = exactPercentile(sorted, p);
            expect(Math.abs(node.stats[key] - exact) / exact).toBeLessThanOrEqual(0.02);
          }
        }
      }),
      { numRuns: RUNS },
    );
  }, 120_000);

  it('over all buckets ignores environment-wide route rows an older instance wrote beside the bucket rows', async () => {
    const range = { from: new Date(UNTIL.getTime() - 24 * HOUR).toISOString(), to: UNTIL.toISOString() };
    await test.db.sql.exec(INSERT_ENVIRONMENT_WIDE_ROUTE_ROWS);
    try {
      const result = await harness.execute<Page>(QUERY, { range, first: 100 }, token);
      const expected = byEndpoint(new Date(range.from), new Date(range.to), null);
      expect(result.data!.endpoints.totalCount).toBe(expected.size);
      for (const node of result.data!.endpoints.nodes)
        expect(node.stats.count).toBe(expected.get(`${node.method} ${node.route}`)!.length);
    } finally {
      await test.db.sql.exec(DELETE_ENVIRONMENT_WIDE_ROUTE_ROWS);
    }
  });

  it.each([
    ['volume', (s: Stats) => s.count],
    ['p95', (s: Stats) => s.p95Ms],
    ['error_rate', (s: Stats) => (s.clientErrorCount + s.serverErrorCount) / s.count],
  ] as const)('sorted by %s, pages of 3 walk every endpoint once in descending order', async (sort, key) => {
    const range = { from: new Date(UNTIL.getTime() - 24 * HOUR).toISOString(), to: UNTIL.toISOString() };
    const seen: Page['endpoints']['nodes'] = [];
    let after: string | null = null;
    for (let i = 0; i < 50; i++) {
      const result: { data?: Page | null } = await harness.execute<Page>(
        QUERY,
        { range, sort, first: 3, after },
        token,
      );
      seen.push(...result.data!.endpoints.nodes);
      after = result.data!.endpoints.endCursor;
      if (!after) break;
    }
    expect(seen.length).toBe(byEndpoint(new Date(range.from), new Date(range.to), null).size);
    expect(new Set(seen.map((n) => `${n.method} ${n.route}`)).size).toBe(seen.length);
    const values = seen.map((n) => key(n.stats));
    expect(values).toEqual([...values].sort((a, b) => b - a));
  });

  it('change compares each endpoint with the previous period of the same length', async () => {
    const range = { from: new Date(UNTIL.getTime() - 24 * HOUR).toISOString(), to: UNTIL.toISOString() };
    const result = await harness.execute<Page>(QUERY, { range, sort: 'change', first: 100 }, token);
    const before = byEndpoint(new Date(UNTIL.getTime() - 48 * HOUR), new Date(range.from), null);
    const nodes = result.data!.endpoints.nodes;
    for (const node of nodes) {
      const rows = before.get(`${node.method} ${node.route}`);
      expect(node.previous?.count ?? 0).toBe(rows?.length ?? 0);
      if (node.previous) expect(node.p95Change).toBeCloseTo(node.stats.p95Ms / node.previous.p95Ms, 9);
    }
    const changes = nodes.map((n) => n.p95Change ?? Number.NEGATIVE_INFINITY);
    expect(changes).toEqual([...changes].sort((a, b) => b - a));
  });

  it(`keeps at most ${ROUTES_PER_CELL} routes per bucket and hour; requests on routes past it are reported as untracked`, async () => {
    const hour = new Date('2026-11-01T10:00:00Z');
    const template = records[0]!;
    const flood = (from: number, n: number) =>
      Array.from(
        { length: n },
        (_, i): RequestRecord => ({
          ...template,
          publicId: `req_flood_${from + i}`,
          bucketId: account.buckets.orders!,
          method: 'GET',
          route: `/flood/${from + i}`,
          path: `/flood/${from + i}`,
          timestamp: new Date(hour.getTime() + (from + i) * 1000),
        }),
      );
    await store(test.db, flood(0, ROUTES_PER_CELL));
    await store(test.db, flood(ROUTES_PER_CELL, 40));
    const [cell] = await test.db.sql.query<{ n: number }>(
      `SELECT count(*)::int AS n FROM "RouteRollup" WHERE "bucketId" = $1 AND "period" = 3600 AND "periodStart" = $2`,
      [account.buckets.orders, hour],
    );
    expect(cell!.n).toBe(ROUTES_PER_CELL);
    const result = await harness.execute<Page>(
      QUERY,
      {
        range: { from: hour.toISOString(), to: new Date(hour.getTime() + HOUR).toISOString() },
        first: 5,
        buckets: ['orders'],
      },
      token,
    );
    expect(result.data!.endpoints).toMatchObject({ totalCount: ROUTES_PER_CELL, untrackedRequests: 40 });
  });

  it(`over all buckets lists each bucket's ${ROUTES_PER_CELL} kept routes of an hour and counts what each left out as untracked`, async () => {
    const hour = new Date('2026-11-02T10:00:00Z');
    const template = records[0]!;
    const flood = (bucket: 'orders' | 'billing', from: number, n: number) =>
      Array.from(
        { length: n },
        (_, i): RequestRecord => ({
          ...template,
          publicId: `req_flood_${bucket}_${from + i}`,
          bucketId: account.buckets[bucket]!,
          method: 'GET',
          route: `/flood/${bucket}/${from + i}`,
          path: `/flood/${bucket}/${from + i}`,
          timestamp: new Date(hour.getTime() + (from + i) * 1000),
        }),
      );
    for (const bucket of ['orders', 'billing'] as const) {
      await store(test.db, flood(bucket, 0, ROUTES_PER_CELL));
      await store(test.db, flood(bucket, ROUTES_PER_CELL, 30));
    }
    const result = await harness.execute<Page>(
      QUERY,
      { range: { from: hour.toISOString(), to: new Date(hour.getTime() + HOUR).toISOString() }, first: 5 },
      token,
    );
    expect(result.data!.endpoints).toMatchObject({ totalCount: 2 * ROUTES_PER_CELL, untrackedRequests: 2 * 30 });
  });

  it("a route left out of one bucket's full hour but kept in another shows the kept count, the rest untracked", async () => {
    const hour = new Date('2026-11-03T10:00:00Z');
    const template = records[0]!;
    const shared = '/shared/:id';
    const request = (bucket: 'orders' | 'billing', i: number, route: string): RequestRecord => ({
      ...template,
      publicId: `req_shared_${bucket}_${i}`,
      bucketId: account.buckets[bucket]!,
      method: 'GET',
      route,
      path: route,
      timestamp: new Date(hour.getTime() + i * 1000),
    });
    const fillers = Array.from({ length: ROUTES_PER_CELL }, (_, i) => request('orders', i, `/filler/${i}`));
    await store(test.db, fillers);
    await store(
      test.db,
      [0, 1, 2, 3].map((i) => request('orders', ROUTES_PER_CELL + i, shared)),
    );
    await store(
      test.db,
      [0, 1, 2].map((i) => request('billing', i, shared)),
    );
    const range = { from: hour.toISOString(), to: new Date(hour.getTime() + HOUR).toISOString() };
    const sharedIn = async (buckets: string[] | null) => {
      const result = await harness.execute<Page>(QUERY, { range, sort: 'volume', first: 1, buckets }, token);
      const page = result.data!.endpoints;
      return { route: page.nodes[0]!.route, count: page.nodes[0]!.stats.count, untracked: page.untrackedRequests };
    };
    expect(await sharedIn(null)).toEqual({ route: shared, count: 3, untracked: 4 });
    expect(await sharedIn(['billing'])).toEqual({ route: shared, count: 3, untracked: 0 });
  });

  it("a token limited to one bucket never sees another bucket's requests in endpoints or route-filtered response times", async () => {
    const day = new Date('2026-11-04T00:00:00Z');
    const route = '/both/:id';
    // One route served in both buckets, so the other bucket's share would show in a count.
    const served = (bucket: 'orders' | 'billing', n: number) =>
      Array.from(
        { length: n },
        (_, i): RequestRecord => ({
          ...records[0]!,
          publicId: `req_both_${bucket}_${i}`,
          bucketId: account.buckets[bucket]!,
          method: 'GET',
          route,
          path: `/both/${i}`,
          timestamp: new Date(day.getTime() + i * 2 * HOUR + 60_000),
        }),
      );
    await store(test.db, [...served('billing', 5), ...served('orders', 7)]);
    const billingOnly = (await createToken(test.db, account, { environment: 'production', buckets: ['billing'] }))
      .secret;
    const range = { from: day.toISOString(), to: new Date(day.getTime() + 24 * HOUR).toISOString() };
    const page = (await harness.execute<Page>(QUERY, { range, first: 100 }, billingOnly)).data!.endpoints;
    expect(page.nodes.map((n) => [n.route, n.stats.count])).toEqual([[route, 5]]);
    const times = await harness.execute<{ responseTimes: { overall: { count: number } } }>(
      `query($range: TimeRangeInput, $filter: RequestFilterInput) {
        responseTimes(range: $range, filter: $filter, interval: ONE_HOUR) { overall { count } }
      }`,
      { range, filter: { route } },
      billingOnly,
    );
    expect(times.data!.responseTimes.overall.count).toBe(5);
  });
});
