import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ROUTES_PER_CELL } from '../../../src/domain/ingest/rollup-periods.ts';
import type { RequestRecord } from '../../../src/domain/ingest/request-record.ts';
import { createTestDatabase, DATABASE_KINDS, type TestDatabase } from '../../helpers/databases.ts';
import { createAccount, createToken } from '../../helpers/fixtures.ts';
import { createGraphQLHarness, type GraphQLResult } from '../../helpers/graphql-harness.ts';
import { exactPercentile, store, trafficFor } from '../../helpers/traffic-data.ts';

const UNTIL = new Date('2026-11-01T14:00:00Z');
/** The hour flooded with more routes than a route-rollup cell keeps. */
const FLOODED_HOUR = new Date('2026-11-01T11:00:00Z');
const FLOOD = ROUTES_PER_CELL + 60;
// Unaligned, so both ends are read from raw rows and the flooded hour from rollups.
const BEFORE = { from: '2026-11-01T08:30:00Z', to: '2026-11-01T10:30:00Z' };
const AFTER = { from: '2026-11-01T10:30:00Z', to: '2026-11-01T12:30:00Z' };

type Stats = { count: number; errorRate: number; p50Ms: number | null; p95Ms: number | null; p99Ms: number | null };
type Answer = {
  comparePeriods: { overall: { before: Stats; after: Stats } };
  endpoints: { untrackedRequests: number };
};
const COMPARE = `query($before: TimeRangeInput, $after: TimeRangeInput) {
  comparePeriods(before: $before, after: $after) {
    overall { before { count errorRate p50Ms p95Ms p99Ms } after { count errorRate p50Ms p95Ms p99Ms } }
  }
  endpoints(range: $after, first: 1) { untrackedRequests }
}`;

/** Slow server errors on one-off routes, past the bound: leaving them out of "overall" would move its p95 and error rate. */
const floodPastTheBound = (template: RequestRecord) =>
  Array.from(
    { length: FLOOD },
    (_, i): RequestRecord => ({
      ...template,
      publicId: `req_flood_${i}`,
      method: 'GET',
      route: `/flood/${i}`,
      path: `/flood/${i}`,
      status: 503,
      durationMs: 4_000 + i,
      timestamp: new Date(FLOODED_HOUR.getTime() + i * 5_000),
    }),
  );

describe.each(DATABASE_KINDS)('comparePeriods overall on %s', (kind) => {
  let test: TestDatabase;
  let records: RequestRecord[];
  let execute: (variables: Record<string, unknown>) => Promise<GraphQLResult<Answer>>;

  beforeAll(async () => {
    test = await createTestDatabase(kind);
    const account = await createAccount(test.db, 'overall', ['production'], ['api']);
    const traffic = trafficFor(account, { seed: 5, requests: 4_000, days: 1, until: UNTIL });
    const flood = floodPastTheBound(traffic[0]!);
    records = [...traffic, ...flood];
    await store(test.db, traffic);
    // Two batches: a batch may overshoot the bound by the routes new in it, the next one may not.
    await store(test.db, flood.slice(0, ROUTES_PER_CELL));
    await store(test.db, flood.slice(ROUTES_PER_CELL));
    const harness = await createGraphQLHarness(test.db);
    const { secret } = await createToken(test.db, account, { environment: 'production' });
    execute = (variables) => harness.execute<Answer>(COMPARE, variables, secret);
  }, 120_000);
  afterAll(() => test.dispose());

  const exact = (range: { from: string; to: string }) => {
    const from = new Date(range.from);
    const to = new Date(range.to);
    const rows = records.filter((r) => r.timestamp >= from && r.timestamp < to);
    const sorted = rows.map((r) => r.durationMs).sort((a, b) => a - b);
    return {
      count: rows.length,
      errorRate: rows.filter((r) => r.status >= 400).length / rows.length,
      p50Ms: exactPercentile(sorted, 0.5),
      p95Ms: exactPercentile(sorted, 0.95),
      p99Ms: exactPercentile(sorted, 0.99),
    };
  };

  it(`overall counts every request of each period, routes past the ${ROUTES_PER_CELL}-route bound included`, async () => {
    const result = await execute({ before: BEFORE, after: AFTER });
    expect(result.errors).toBeUndefined();
    // The bound was reached: per-endpoint figures miss some requests of the after period; overall must not.
    expect(result.data!.endpoints.untrackedRequests).toBeGreaterThan(0);
    for (const [period, expected] of [
      ['before', exact(BEFORE)],
      ['after', exact(AFTER)],
    ] as const) {
      const stats = result.data!.comparePeriods.overall[period];
      expect(stats.count).toBe(expected.count);
      expect(stats.errorRate).toBeCloseTo(expected.errorRate, 12);
      for (const key of ['p50Ms', 'p95Ms', 'p99Ms'] as const)
        expect(Math.abs(stats[key]! - expected[key]) / expected[key]).toBeLessThanOrEqual(0.02);
    }
  });
});
