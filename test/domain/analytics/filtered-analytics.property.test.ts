import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { RequestRecord } from '../../../src/domain/ingest/request-record.ts';
import { createTestDatabase, DATABASE_KINDS, type TestDatabase } from '../../helpers/databases.ts';
import { createAccount, createToken, type TestAccount } from '../../helpers/fixtures.ts';
import { createGraphQLHarness } from '../../helpers/graphql-harness.ts';
import { exactPercentile, store, trafficFor } from '../../helpers/traffic-data.ts';
import { statusClassName, type StatusClass } from '../../../src/domain/analytics/status-classes.ts';

// Bounded so the suite stays quick; a failure prints the seed and the shrunk filter to replay.
const RUNS = Number(process.env.PROPERTY_RUNS ?? 30);
const UNTIL = new Date('2026-10-20T00:00:00Z');
const HOUR = 3_600_000;
const CLASSES = ['2xx', '3xx', '4xx', '5xx'] as const;

interface Filter {
  route?: string;
  path?: string;
  methods?: string[];
  statusClasses?: StatusClass[];
}

type Answers = {
  metrics: { totalRequests: number; errorCount: number; blockedCount: number; maxResponseTimeMs: number | null };
  throughput: { points: { time: string; total: number; status5xx: number }[] };
  responseTimes: {
    overall: {
      count: number;
      minMs: number | null;
      maxMs: number | null;
      p50Ms: number | null;
      p95Ms: number | null;
      p99Ms: number | null;
    };
  };
};

const QUERY = `query($range: TimeRangeInput, $filter: RequestFilterInput, $buckets: [String!]) {
  metrics(range: $range, filter: $filter, buckets: $buckets) { totalRequests errorCount blockedCount maxResponseTimeMs }
  throughput(range: $range, filter: $filter, buckets: $buckets, interval: ONE_HOUR) { points { time total status5xx } }
  responseTimes(range: $range, filter: $filter, buckets: $buckets, interval: ONE_HOUR) { overall { count minMs maxMs p50Ms p95Ms p99Ms } }
}`;

describe.each(DATABASE_KINDS)(
  'filtered metrics, throughput and response times on %s equal a computation over the raw rows',
  (kind) => {
    let test: TestDatabase;
    let harness: Awaited<ReturnType<typeof createGraphQLHarness>>;
    let account: TestAccount;
    let records: RequestRecord[];
    let token: string;

    beforeAll(async () => {
      test = await createTestDatabase(kind);
      harness = await createGraphQLHarness(test.db);
      account = await createAccount(test.db, 'filters', ['production', 'staging'], ['orders', 'billing']);
      records = trafficFor(account, { seed: 31, requests: 8000, days: 2, until: UNTIL }).filter(
        (r) => r.environmentId === account.environments.production,
      );
      await store(test.db, records);
      token = (await createToken(test.db, account, { environment: 'production', buckets: 'all' })).secret;
    });
    afterAll(() => test.dispose());

    const matches = (r: RequestRecord, filter: Filter, bucket: string | null, from: Date, to: Date) =>
      r.timestamp >= from &&
      r.timestamp < to &&
      (!bucket || r.bucketId === account.buckets[bucket]) &&
      (!filter.route || r.route === filter.route) &&
      (!filter.path || r.path.startsWith(filter.path)) &&
      (!filter.methods || filter.methods.includes(r.method)) &&
      (!filter.statusClasses ||
        (filter.statusClasses as readonly string[]).includes(`${Math.floor(r.status / 100)}xx`));

    it('for random routes, paths, methods, status classes, buckets and unaligned ranges', async () => {
      const routes = [...new Set(records.map((r) => r.route))].sort();
      const paths = [...new Set(records.map((r) => r.path.split('/').slice(0, 3).join('/')))].sort();
      const methods = [...new Set(records.map((r) => r.method))].sort();
      // One endpoint by route or by path prefix (or neither), then methods and classes, each present or not.
      const endpoint = fc.oneof(
        fc.constant({}),
        fc.record({ route: fc.constantFrom(...routes) }),
        fc.record({ path: fc.constantFrom(...paths) }),
      );
      const narrowing = fc.record(
        {
          methods: fc.subarray(methods, { minLength: 1, maxLength: 2 }),
          statusClasses: fc.subarray([...CLASSES], { minLength: 1, maxLength: 2 }),
        },
        { requiredKeys: [] },
      );
      const filters = fc.tuple(endpoint, narrowing).map(([a, b]): Filter => ({ ...a, ...b }));
      const ranges = fc
        .tuple(fc.integer({ min: 0, max: 40 * 60 }), fc.integer({ min: 30, max: 20 * 60 }))
        .map(([startMinutes, lengthMinutes]) => {
          const from = new Date(UNTIL.getTime() - 47 * HOUR + startMinutes * 60_000 + 17_500);
          return { from, to: new Date(from.getTime() + lengthMinutes * 60_000) };
        });
      await fc.assert(
        fc.asyncProperty(
          filters,
          ranges,
          fc.constantFrom(null, 'orders', 'billing'),
          async (filter, { from, to }, bucket) => {
            const result = await harness.execute<Answers>(
              QUERY,
              {
                range: { from: from.toISOString(), to: to.toISOString() },
                filter: { ...filter, statusClasses: filter.statusClasses?.map(statusClassName) },
                buckets: bucket ? [bucket] : null,
              },
              token,
            );
            expect(result.errors).toBeUndefined();
            const expected = records.filter((r) => matches(r, filter, bucket, from, to));
            const { metrics, throughput, responseTimes } = result.data!;
            expect(metrics.totalRequests).toBe(expected.length);
            expect(metrics.errorCount).toBe(expected.filter((r) => r.status >= 400).length);
            expect(metrics.blockedCount).toBe(expected.filter((r) => r.blocked).length);
            for (const point of throughput.points) {
              const start = new Date(point.time).getTime();
              const inside = expected.filter(
                (r) => r.timestamp.getTime() >= start && r.timestamp.getTime() < start + HOUR,
              );
              expect([point.total, point.status5xx]).toEqual([
                inside.length,
                inside.filter((r) => r.status >= 500).length,
              ]);
            }
            const sorted = expected.map((r) => r.durationMs).sort((a, b) => a - b);
            const overall = responseTimes.overall;
            expect(overall.count).toBe(sorted.length);
            if (sorted.length === 0) return void expect(overall.p95Ms).toBeNull();
            expect([overall.minMs, overall.maxMs]).toEqual([sorted[0], sorted.at(-1)]);
            for (const [key, p] of [
              ['p50Ms', 0.5],
              ['p95Ms', 0.95],
              ['p99Ms', 0.99],
            ] as const) {
              const exact = exactPercentile(sorted, p);
              expect(Math.abs(overall[key]! - exact) / exact).toBeLessThanOrEqual(0.02);
            }
          },
        ),
        { numRuns: RUNS },
      );
    }, 120_000);
  },
);
