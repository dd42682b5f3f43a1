import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runPurge } from '../../src/domain/retention/run-purge.ts';
import { createTestDatabase, DATABASE_KINDS, type TestDatabase } from '../helpers/databases.ts';
import { createAccount, createToken, type TestAccount } from '../helpers/fixtures.ts';
import { createGraphQLHarness } from '../helpers/graphql-harness.ts';
import { store, trafficFor } from '../helpers/traffic-data.ts';

const DAY_MS = 86_400_000;
const HOUR_MS = 3_600_000;
// Whole hours, so rollup answers read no raw rows at the ends.
const hoursAgo = (hours: number) =>
  new Date(Math.floor(Date.now() / HOUR_MS) * HOUR_MS - hours * HOUR_MS).toISOString();
const OLD = { from: hoursAgo(101 * 24), to: hoursAgo(99 * 24) };
const RECENT = { from: hoursAgo(3 * 24), to: hoursAgo(0) };

interface Coverage {
  complete: boolean;
  source: string;
  note: string | null;
}

describe.each(DATABASE_KINDS)('queries over ranges retention purged, on %s', (kind) => {
  let test: TestDatabase;
  let account: TestAccount;
  let graphql: Awaited<ReturnType<typeof createGraphQLHarness>>;
  let oldProductionRequests: number;

  beforeAll(async () => {
    test = await createTestDatabase(kind);
    account = await createAccount(test.db, 'coverage');
    graphql = await createGraphQLHarness(test.db);
    const old = trafficFor(account, { seed: 1, requests: 800, days: 1, until: new Date(Date.now() - 100 * DAY_MS) });
    await store(test.db, [
      ...old,
      ...trafficFor(account, { seed: 2, requests: 400, days: 1, until: new Date(Date.now() - DAY_MS) }),
    ]);
    oldProductionRequests = old.filter((r) => r.environmentId === account.environments.production).length;
    const run = await runPurge(test.db, { rawDays: 90, rollupDays: 400 }, new Date());
    expect(run.ran).toBe(true);
  });
  afterAll(() => test.dispose());

  it('a search over a purged range says its raw requests were deleted instead of only answering zero', async () => {
    const { data } = await graphql.execute<{
      searchRequests: { totalCount: number; nodes: unknown[]; coverage: Coverage };
    }>(
      `query($range: TimeRangeInput) { searchRequests(environment: "production", range: $range) { totalCount nodes { id } coverage { complete source note } } }`,
      { range: OLD },
    );
    expect(data!.searchRequests.totalCount).toBe(0);
    expect(data!.searchRequests.coverage).toEqual({
      complete: false,
      source: 'RAW',
      note: expect.stringContaining('older than 90 days (RETENTION_DAYS) are deleted'),
    });
  });

  it('charts over the purged range still count every request, from rollups kept to ROLLUP_RETENTION_DAYS', async () => {
    const { data } = await graphql.execute<{
      throughput: { points: { total: number }[]; coverage: Coverage };
      metrics: { totalRequests: number; coverage: Coverage };
    }>(
      `query($range: TimeRangeInput) {
        throughput(environment: "production", range: $range, interval: ONE_HOUR) { points { total } coverage { complete source note } }
        metrics(environment: "production", range: $range) { totalRequests coverage { complete source note } }
      }`,
      { range: OLD },
    );
    expect(data!.throughput.points.reduce((sum, p) => sum + p.total, 0)).toBe(oldProductionRequests);
    expect(data!.throughput.coverage).toEqual({ complete: true, source: 'ROLLUPS', note: null });
    expect(data!.metrics).toEqual({
      totalRequests: oldProductionRequests,
      coverage: { complete: true, source: 'ROLLUPS', note: null },
    });
  });

  it('a filtered count over the purged range, which needs raw rows, says so', async () => {
    const { data } = await graphql.execute<{ metrics: { totalRequests: number; coverage: Coverage } }>(
      `query($range: TimeRangeInput) { metrics(environment: "production", range: $range, filter: { methods: ["GET"] }) { totalRequests coverage { complete source } } }`,
      { range: OLD },
    );
    expect(data!.metrics).toEqual({ totalRequests: 0, coverage: { complete: false, source: 'RAW' } });
  });

  it('a range inside the retention is complete', async () => {
    const { data } = await graphql.execute<{ searchRequests: { totalCount: number; coverage: Coverage } }>(
      `query($range: TimeRangeInput) { searchRequests(environment: "production", range: $range) { totalCount coverage { complete source note } } }`,
      { range: RECENT },
    );
    expect(data!.searchRequests.totalCount).toBeGreaterThan(0);
    expect(data!.searchRequests.coverage).toEqual({ complete: true, source: 'RAW', note: null });
  });

  it('lets rollup answers span ROLLUP_RETENTION_DAYS and raw-row answers only RETENTION_DAYS', async () => {
    const long = { since: '300d' };
    const chart = await graphql.execute(
      `query($range: TimeRangeInput) { throughput(environment: "production", range: $range) { interval } }`,
      { range: long },
    );
    expect(chart.errors).toBeUndefined();
    const search = await graphql.execute(
      `query($range: TimeRangeInput) { searchRequests(environment: "production", range: $range) { totalCount } }`,
      { range: long },
    );
    expect(search.errors?.[0]?.message).toMatch(/limited to the 90-day retention/);
  });

  it('previews and runs a purge for admins only', async () => {
    const { secret } = await createToken(test.db, account, { environment: 'production', buckets: 'all' });
    const preview = await graphql.execute<{
      purgePreview: { retentionDays: number; rollupRetentionDays: number; expired: { table: string; rows: number }[] };
    }>('{ purgePreview { retentionDays rollupRetentionDays expired { table rows } } }');
    expect(preview.data!.purgePreview).toMatchObject({ retentionDays: 90, rollupRetentionDays: 400 });
    expect(preview.data!.purgePreview.expired.map((t) => t.table)).toEqual([
      'Request',
      'RequestRollup',
      'LatencyHistogram',
      'ErrorRollup',
      'RouteRollup',
      'RouteQuarterSkip',
    ]);
    const denied = await graphql.execute('mutation { purgeExpiredData { ran } }', {}, secret);
    expect(denied.errors?.[0]?.extensions?.code).toBe('FORBIDDEN');
    const run = await graphql.execute<{ purgeExpiredData: { ran: boolean; deleted: { rows: number }[] } }>(
      'mutation { purgeExpiredData { ran deleted { rows } } }',
    );
    expect(run.data!.purgeExpiredData.ran).toBe(true);
  });
});
