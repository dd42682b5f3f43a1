import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runPurge } from '../../src/domain/retention/run-purge.ts';
import { createTestDatabase, DATABASE_KINDS, type TestDatabase } from '../helpers/databases.ts';
import { createAccount } from '../helpers/fixtures.ts';
import { createGraphQLHarness } from '../helpers/graphql-harness.ts';
import { store, trafficFor } from '../helpers/traffic-data.ts';

const DAY_MS = 86_400_000;
const HOUR_MS = 3_600_000;
const wholeHoursAgo = (hours: number) => Math.floor(Date.now() / HOUR_MS) * HOUR_MS - hours * HOUR_MS;
// Inside the day of traffic ~100 days ago; the start is 10 min 10 s into an hour, so reads that may stand a
// whole cell for raw rows (minus the rows before the start) would do so there if they believed the rows kept.
const OLD = {
  from: new Date(wholeHoursAgo(100 * 24 + 6) + 610_000).toISOString(),
  to: new Date(wholeHoursAgo(100 * 24 - 6)).toISOString(),
};

type Harness = Awaited<ReturnType<typeof createGraphQLHarness>>;

/**
 * A purge under RETENTION_DAYS=90 deleted the raw rows of ~100 days ago; then the operator raised
 * RETENTION_DAYS to 200. The rows do not come back, so every answer must stay what it was under 90.
 */
describe.each(DATABASE_KINDS)('answers after RETENTION_DAYS was raised past a purge, on %s', (kind) => {
  let test: TestDatabase;
  let before: Harness;
  let raised: Harness;

  beforeAll(async () => {
    test = await createTestDatabase(kind);
    const account = await createAccount(test.db, 'raised');
    await store(
      test.db,
      trafficFor(account, { seed: 7, requests: 1500, days: 1, until: new Date(Date.now() - 99.5 * DAY_MS) }),
    );
    expect((await runPurge(test.db, { rawDays: 90, rollupDays: 400 }, new Date())).ran).toBe(true);
    before = await createGraphQLHarness(test.db, undefined, 90);
    raised = await createGraphQLHarness(test.db, undefined, 200);
  });
  afterAll(() => test.dispose());

  /** The same query under both retentions: data, and whether coverage called it complete. */
  async function both(query: string, variables: Record<string, unknown> = {}) {
    const [a, b] = await Promise.all([before.execute(query, variables), raised.execute(query, variables)]);
    expect(a.errors).toBeUndefined();
    expect(b.errors).toBeUndefined();
    return [a.data, b.data] as const;
  }

  it('a search says the raw requests are gone, naming the earlier purge', async () => {
    const { data } = await raised.execute<{
      searchRequests: { totalCount: number; coverage: { complete: boolean; note: string } };
    }>(
      `query($range: TimeRangeInput) { searchRequests(environment: "production", range: $range) { totalCount coverage { complete note } } }`,
      { range: OLD },
    );
    expect(data!.searchRequests.totalCount).toBe(0);
    expect(data!.searchRequests.coverage.complete).toBe(false);
    expect(data!.searchRequests.coverage.note).toMatch(
      /were deleted by an earlier purge under a shorter RETENTION_DAYS than today's 200 days/,
    );
  });

  it('hourly anomaly points count no request before the range start', async () => {
    const [a, b] = await both(
      `query($range: TimeRangeInput) { anomalies(environment: "production", range: $range, metric: throughput) { summary { count } points { time count } } }`,
      { range: OLD },
    );
    expect(b).toEqual(a);
  });

  it('endpoints and the overall comparison of two periods agree with the answers before the raise', async () => {
    const [a, b] = await both(
      `query($range: TimeRangeInput) {
        endpoints(environment: "production", range: $range, first: 5) { nodes { method route stats { count p95Ms } } }
        comparePeriods(environment: "production", after: $range) { overall { after { count p50Ms p95Ms p99Ms } } }
      }`,
      { range: OLD },
    );
    expect(b).toEqual(a);
  });

  it('endpoints, comparePeriods and anomalies flag the partial first hour the purge deleted', async () => {
    const { data, errors } = await raised.execute<Record<string, Record<string, { complete: boolean; note: string }>>>(
      `query($range: TimeRangeInput) {
        endpoints(environment: "production", range: $range) { coverage { complete note } }
        comparePeriods(environment: "production", after: $range) { afterCoverage { complete note } }
        anomalies(environment: "production", range: $range) { coverage { complete note } }
      }`,
      { range: OLD },
    );
    expect(errors).toBeUndefined();
    const coverages = [data!.endpoints!.coverage, data!.comparePeriods!.afterCoverage, data!.anomalies!.coverage];
    for (const coverage of coverages) {
      expect(coverage).toEqual({
        complete: false,
        note: expect.stringMatching(
          /deleted by an earlier purge under a shorter RETENTION_DAYS than today's 200 days: the partial first 60-minute cell/,
        ),
      });
    }
  });
});
