import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { deleteBucket } from '../../../src/domain/workspace/manage-buckets.ts';
import { createTestDatabase, DATABASE_KINDS, type TestDatabase } from '../../helpers/databases.ts';
import { createAccount, createToken, type TestAccount } from '../../helpers/fixtures.ts';
import { createGraphQLHarness, FIXED_DATE_RETENTION_DAYS } from '../../helpers/graphql-harness.ts';
import { store, trafficFor } from '../../helpers/traffic-data.ts';

const UNTIL = new Date('2026-10-10T00:00:00Z');
const HOUR = 3_600_000;
// Ends inside minutes, hours and days, so every rollup level is read as well as raw rows at the edges.
const RANGE = {
  from: new Date(UNTIL.getTime() - 4 * 24 * HOUR + 37 * 60_000 + 13_250).toISOString(),
  to: new Date(UNTIL.getTime() - 2 * HOUR - 5 * 60_000 - 7_500).toISOString(),
};

// Every answer an all-bucket caller gets from the environment-wide rollup rows.
const ANSWERS = `query($range: TimeRangeInput, $buckets: [String!]) {
  metrics(range: $range, buckets: $buckets) {
    totalRequests clientErrorCount serverErrorCount blockedCount status2xx status3xx
    averageResponseTimeMs minResponseTimeMs maxResponseTimeMs
  }
  throughput(range: $range, buckets: $buckets, interval: ONE_HOUR) { points { time total status4xx status5xx } }
  hours: responseTimes(range: $range, buckets: $buckets, interval: ONE_HOUR) {
    overall { count averageMs minMs maxMs p50Ms p95Ms p99Ms }
    points { time stats { count minMs maxMs p50Ms p95Ms p99Ms } }
  }
  days: responseTimes(range: $range, buckets: $buckets, interval: ONE_DAY) {
    points { time stats { count minMs maxMs p50Ms p95Ms p99Ms } }
  }
  topErrors(range: $range, buckets: $buckets, limit: 100) { groups { method route status count } }
  endpoints(range: $range, buckets: $buckets, first: 100) {
    totalCount untrackedRequests
    nodes { method route stats { count clientErrorCount serverErrorCount p50Ms p95Ms p99Ms } }
  }
}`;
type Answers = {
  metrics: { totalRequests: number };
  endpoints: { untrackedRequests: number };
} & Record<string, unknown>;

describe.each(DATABASE_KINDS)('deleting a bucket with traffic on %s', (kind) => {
  let test: TestDatabase;
  let harness: Awaited<ReturnType<typeof createGraphQLHarness>>;
  let account: TestAccount;
  const tokens = new Map<string, string>();

  const answers = async (environment: string, buckets: string[] | null) => {
    const result = await harness.execute<Answers>(ANSWERS, { range: RANGE, buckets }, tokens.get(environment)!);
    expect(result.errors).toBeUndefined();
    return result.data!;
  };

  beforeAll(async () => {
    test = await createTestDatabase(kind);
    harness = await createGraphQLHarness(test.db, undefined, FIXED_DATE_RETENTION_DAYS);
    account = await createAccount(test.db, 'deletion', ['production', 'staging'], ['orders', 'billing']);
    await store(test.db, trafficFor(account, { seed: 23, requests: 12_000, days: 5, until: UNTIL }));
    for (const environment of ['production', 'staging'])
      tokens.set(environment, (await createToken(test.db, account, { environment, buckets: 'all' })).secret);
  });
  afterAll(() => test.dispose());

  it('leaves every all-bucket answer equal to what the remaining bucket gives alone, in each environment', async () => {
    for (const environment of tokens.keys()) {
      const before = await answers(environment, null);
      const ordersAlone = await answers(environment, ['orders']);
      // The bucket to delete has traffic in the range, so the answers differ before the deletion.
      expect(before.metrics.totalRequests).toBeGreaterThan(ordersAlone.metrics.totalRequests);
    }

    const billing = { id: account.buckets.billing!, accountId: account.accountId, name: 'billing' };
    await deleteBucket(test.db, billing, true);

    for (const environment of tokens.keys()) {
      const all = await answers(environment, null);
      expect(all.endpoints.untrackedRequests).toBe(0);
      expect(all).toEqual(await answers(environment, ['orders']));
    }
  });

  it('leaves no environment-wide rollup row behind where no other bucket had traffic', async () => {
    const created = await test.db.prisma.bucket.create({ data: { accountId: account.accountId, name: 'lonely' } });
    const lonely = { ...account, buckets: { lonely: created.id } };
    // A day no other bucket has traffic in, so each of its cells is the lonely bucket's alone.
    const until = new Date(UNTIL.getTime() + 30 * 24 * HOUR);
    await store(test.db, trafficFor(lonely, { seed: 5, requests: 300, days: 1, until }));
    const from = new Date(until.getTime() - 24 * HOUR);
    const environmentWide = { bucketId: '*', periodStart: { gte: from } };
    expect(await test.db.prisma.requestRollup.count({ where: environmentWide })).toBeGreaterThan(0);

    await deleteBucket(test.db, { id: created.id, accountId: account.accountId, name: 'lonely' }, true);

    expect(await test.db.prisma.requestRollup.count({ where: environmentWide })).toBe(0);
    expect(await test.db.prisma.latencyHistogram.count({ where: environmentWide })).toBe(0);
    expect(await test.db.prisma.errorRollup.count({ where: environmentWide })).toBe(0);
  });
});
