import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { hourlyCells } from '../../../src/domain/analytics/hourly-cells.ts';
import type { RequestFilter } from '../../../src/domain/analytics/request-filter.ts';
import {
  responseTimes,
  responseTimesSource,
  type ResponseTimeStats,
} from '../../../src/domain/analytics/response-times.ts';
import type { RequestRecord } from '../../../src/domain/ingest/request-record.ts';
import { ROUTES_PER_CELL } from '../../../src/domain/ingest/rollup-periods.ts';
import { deleteExpired } from '../../../src/domain/retention/purge.ts';
import { createTestDatabase, DATABASE_KINDS, type TestDatabase } from '../../helpers/databases.ts';
import {
  DELETE_ENVIRONMENT_WIDE_ROUTE_ROWS,
  INSERT_ENVIRONMENT_WIDE_ROUTE_ROWS,
} from '../../helpers/environment-wide-route-rows.ts';
import { createAccount, type TestAccount } from '../../helpers/fixtures.ts';
import { exactPercentile, store, trafficFor, EVERY_RAW_ROW_KEPT } from '../../helpers/traffic-data.ts';

const UNTIL = new Date('2026-10-20T00:00:00Z');
const HOUR = 3_600_000;
// An hour whose route cells get filled to the bound before the late route arrives.
const FULL_HOUR = new Date(UNTIL.getTime() - 20 * HOUR);
const LATE_ROUTE = '/api/late-comers/:id';

/** What the raw rows say: counts, min, max and average exact; percentiles are nearest-rank. */
function exactStats(records: readonly RequestRecord[]) {
  const sorted = records.map((r) => r.durationMs).sort((a, b) => a - b);
  return {
    count: sorted.length,
    min: sorted[0] ?? null,
    max: sorted.at(-1) ?? null,
    average: sorted.length ? sorted.reduce((a, b) => a + b, 0) / sorted.length : null,
    percentiles: [0.5, 0.95, 0.99].map((p) => (sorted.length ? exactPercentile(sorted, p) : null)),
  };
}

function expectAgreement(stats: ResponseTimeStats, records: readonly RequestRecord[]) {
  const exact = exactStats(records);
  expect([stats.count, stats.minMs, stats.maxMs]).toEqual([exact.count, exact.min, exact.max]);
  if (exact.average === null) return void expect(stats.averageMs).toBeNull();
  expect(stats.averageMs).toBeCloseTo(exact.average, 6);
  [stats.p50Ms, stats.p95Ms, stats.p99Ms].forEach((value, i) => {
    const want = exact.percentiles[i]!;
    expect(Math.abs(value! - want) / want).toBeLessThanOrEqual(0.02);
  });
}

/** Copies of a stored record under new ids, routes, times and durations. */
const variant = (template: RequestRecord, i: number, changes: Partial<RequestRecord>): RequestRecord => ({
  ...template,
  publicId: `${template.publicId}-v${i}`,
  externalId: null,
  ...changes,
});

describe.each(DATABASE_KINDS)('response times filtered by route and method on %s', (kind) => {
  let test: TestDatabase;
  let account: TestAccount;
  let records: RequestRecord[];

  beforeAll(async () => {
    test = await createTestDatabase(kind);
    account = await createAccount(test.db, 'routes', ['production'], ['orders', 'billing']);
    const traffic = trafficFor(account, { seed: 41, requests: 6000, days: 2, until: UNTIL });
    const template = traffic[0]!;
    const bucketId = account.buckets.orders!;
    const inFullHour = (i: number) => new Date(FULL_HOUR.getTime() + 60_000 + i * 1000);
    // Enough new routes in one hour to fill this bucket's cell (route rollups are kept per bucket only)...
    const fillers = Array.from({ length: ROUTES_PER_CELL }, (_, i) =>
      variant(template, i, { bucketId, route: `/filler/r${i}`, path: `/filler/r${i}`, timestamp: inFullHour(i) }),
    );
    // ...so this route, first seen there afterwards, is not kept in that hour's route rollups; other hours keep it.
    const late = [0, 1, 2, 3, 4, 5].map((i) =>
      variant(template, ROUTES_PER_CELL + i, {
        bucketId,
        method: 'POST',
        route: LATE_ROUTE,
        path: `/api/late-comers/${i}`,
        timestamp: i < 4 ? inFullHour(600 + i) : new Date(FULL_HOUR.getTime() + (i - 2) * HOUR + 5_000),
        durationMs: 40 + i * 13.5,
      }),
    );
    await store(test.db, traffic);
    await store(test.db, fillers);
    await store(test.db, late);
    records = [...traffic, ...fillers, ...late];
  });
  afterAll(() => test.dispose());

  const production = () => ({
    environmentId: account.environments.production!,
    bucketIds: null,
    rawRetainedFrom: EVERY_RAW_ROW_KEPT,
  });
  const matching = (filter: RequestFilter, from: Date, to: Date, bucketId: string | null) =>
    records.filter(
      (r) =>
        r.timestamp >= from &&
        r.timestamp < to &&
        (!bucketId || r.bucketId === bucketId) &&
        (!filter.route || r.route === filter.route) &&
        (!filter.methods || filter.methods.includes(r.method)),
    );

  it('reads whole hours from route rollups and agrees with the raw rows, point by point, for route and method filters', async () => {
    const from = new Date(UNTIL.getTime() - 40 * HOUR + 17 * 60_000 + 500);
    const to = new Date(UNTIL.getTime() - 2 * HOUR - 7 * 60_000);
    // /api/users/:id is served in both buckets (users-api lands in billing).
    const filters: RequestFilter[] = [
      { route: '/api/users/:id' },
      { methods: ['GET'] },
      { route: '/api/users/:id', methods: ['GET', 'PATCH'] },
    ];
    for (const filter of filters)
      for (const [interval, bucket] of [
        [3600, null],
        [3 * 3600, 'billing'],
        [86_400, null],
      ] as const) {
        expect(responseTimesSource(interval, filter)).toBe('rollups');
        const bucketId = bucket ? account.buckets[bucket]! : null;
        const scope = { ...production(), bucketIds: bucketId ? [bucketId] : null };
        const series = await responseTimes(test.db.sql, scope, { from, to }, interval, filter);
        expectAgreement(series.overall, matching(filter, from, to, bucketId));
        expect(series.overall.count).toBeGreaterThan(0);
        for (const point of series.points)
          expectAgreement(
            point,
            matching(
              filter,
              point.time < from ? from : point.time,
              new Date(Math.min(point.time.getTime() + interval * 1000, to.getTime())),
              bucketId,
            ),
          );
      }
  });

  it('counts a route ingest left out of an hour whose route cell was full, by reading that hour from raw rows', async () => {
    const kept = await test.db.sql.query<{ n: number }>(
      `SELECT count(*)::int AS n FROM "RouteRollup" WHERE "route" = $1 AND "period" = 3600 AND "periodStart" = $2`,
      [LATE_ROUTE, FULL_HOUR.toISOString()],
    );
    expect(kept[0]!.n).toBe(0);
    const range = { from: new Date(FULL_HOUR.getTime() - 2 * HOUR), to: new Date(FULL_HOUR.getTime() + 6 * HOUR) };
    for (const filter of [{ route: LATE_ROUTE }, { route: LATE_ROUTE, methods: ['POST'] }]) {
      const series = await responseTimes(test.db.sql, production(), range, 3600, filter);
      expectAgreement(series.overall, matching(filter, range.from, range.to, null));
      expect(series.overall.count).toBe(6);
      const fullHour = series.points.find((p) => p.time.getTime() === FULL_HOUR.getTime())!;
      expectAgreement(fullHour, matching(filter, FULL_HOUR, new Date(FULL_HOUR.getTime() + HOUR), null));
    }
  });

  it('over all buckets ignores environment-wide route rows an older instance wrote beside the bucket rows', async () => {
    const range = { from: new Date(UNTIL.getTime() - 30 * HOUR), to: new Date(UNTIL.getTime() - 2 * HOUR) };
    const filter = { route: '/api/users/:id' };
    await test.db.sql.exec(INSERT_ENVIRONMENT_WIDE_ROUTE_ROWS);
    try {
      const series = await responseTimes(test.db.sql, production(), range, 3600, filter);
      expect(series.overall.count).toBeGreaterThan(0);
      expectAgreement(series.overall, matching(filter, range.from, range.to, null));
    } finally {
      await test.db.sql.exec(DELETE_ENVIRONMENT_WIDE_ROUTE_ROWS);
    }
  });

  it('keeps intervals under an hour on raw rows', () => {
    expect(responseTimesSource(900, { route: '/api/users/:id' })).toBe('raw');
    expect(responseTimesSource(3600, { route: '/api/users/:id', path: '/api' })).toBe('raw');
  });
});

describe.each(DATABASE_KINDS)(
  'response times for a route in a full hour older than the raw rows kept, on %s',
  (kind) => {
    let test: TestDatabase;
    let account: TestAccount;
    let kept: RequestRecord[];
    const hour = new Date('2026-10-10T10:00:00Z');
    const intoHour = (seconds: number) => new Date(hour.getTime() + seconds * 1000);
    const route = '/api/kept/:id';

    beforeAll(async () => {
      test = await createTestDatabase(kind);
      account = await createAccount(test.db, 'full-hour-purged', ['production'], ['orders']);
      const template = trafficFor(account, { seed: 5, requests: 1, days: 1, until: hour })[0]!;
      const request = (i: number, path: string, seconds: number, durationMs = 10): RequestRecord =>
        variant(template, i, {
          method: 'GET',
          route: path,
          path,
          status: 200,
          timestamp: intoHour(seconds),
          durationMs,
        });
      // The route is kept in the hour's route cell, which the fillers then bring to ROUTES_PER_CELL routes.
      kept = [10, 20, 30, 2400, 3000].map((s, i) => request(i, route, s, 30 + i * 7.5));
      const fillers = Array.from({ length: ROUTES_PER_CELL - 1 }, (_, i) => request(100 + i, `/filler/${i}`, 60 + i));
      await store(test.db, kept.slice(0, 3));
      await store(test.db, fillers);
      await store(test.db, kept.slice(3));
      await deleteExpired(test.db.sql, { requestsBefore: intoHour(3 * 3600), rollupsBefore: new Date(0) });
    });
    afterAll(() => test.dispose());

    it('reads the route’s own rollup row, not the deleted raw rows', async () => {
      const scope = {
        environmentId: account.environments.production!,
        bucketIds: null,
        rawRetainedFrom: intoHour(3 * 3600),
      };
      const range = { from: intoHour(-3600), to: intoHour(2 * 3600) };
      const series = await responseTimes(test.db.sql, scope, range, 3600, { route });
      expectAgreement(series.overall, kept);
      expect(series.points.map((point) => point.count)).toEqual([0, 5, 0]);
    });

    it('gives the route’s hourly cells from its own rollup row, not the deleted raw rows', async () => {
      const scope = {
        environmentId: account.environments.production!,
        bucketIds: null,
        rawRetainedFrom: intoHour(3 * 3600),
      };
      const range = { from: intoHour(-3600), to: intoHour(2 * 3600) };
      const cells = await hourlyCells(test.db.sql, scope, range, { method: 'GET', route });
      expect(cells.map((cell) => [cell.count, cell.bins.count])).toEqual([
        [0, 0],
        [5, 5],
        [0, 0],
      ]);
    });
  },
);
