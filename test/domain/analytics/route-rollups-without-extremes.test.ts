import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type ResponseTimeStats, responseTimes } from '../../../src/domain/analytics/response-times.ts';
import type { TrafficScope } from '../../../src/domain/analytics/traffic-scope.ts';
import type { RequestRecord } from '../../../src/domain/ingest/request-record.ts';
import { createTestDatabase, DATABASE_KINDS, type TestDatabase } from '../../helpers/databases.ts';
import { createAccount, type TestAccount } from '../../helpers/fixtures.ts';
import { store, trafficFor } from '../../helpers/traffic-data.ts';

const UNTIL = new Date('2026-10-20T00:00:00Z');
const HOUR = 3_600_000;
const OLD_HOUR = new Date(UNTIL.getTime() - 10 * HOUR);
const ROUTE = '/api/old/:id';

describe.each(DATABASE_KINDS)('route-filtered response times over rollup rows without min and max on %s', (kind) => {
  let test: TestDatabase;
  let account: TestAccount;

  beforeAll(async () => {
    test = await createTestDatabase(kind);
    account = await createAccount(test.db, 'extremes', ['production'], ['orders']);
    const template = trafficFor(account, { seed: 7, requests: 1, days: 1, until: UNTIL })[0]!;
    const records: RequestRecord[] = Array.from({ length: 40 }, (_, i) => ({
      ...template,
      publicId: `${template.publicId}-old${i}`,
      externalId: null,
      method: 'GET',
      route: ROUTE,
      path: `/api/old/${i}`,
      timestamp: new Date(OLD_HOUR.getTime() + 60_000 + i * 1000),
      durationMs: 100 + i,
    }));
    await store(test.db, records);
    // Rolled up before route rollups kept min and max, its raw rows deleted by retention since: the
    // migration that added the columns left them null (20261127235716_route_rollup_duration_extremes).
    await test.db.sql.query(`UPDATE "RouteRollup" SET "durationMin" = NULL, "durationMax" = NULL`);
    await test.db.sql.query(`DELETE FROM "Request"`);
  });
  afterAll(() => test.dispose());

  it('reports unknown extremes as null and keeps the percentiles the histograms hold', async () => {
    const scope = { environmentId: account.environments.production!, bucketIds: null, rawRetainedFrom: UNTIL };
    const range = { from: new Date(OLD_HOUR.getTime() - HOUR), to: new Date(OLD_HOUR.getTime() + 2 * HOUR) };
    const series = await responseTimes(test.db.sql, scope, range, 3600, { route: ROUTE });
    const point = series.points.find((p) => p.time.getTime() === OLD_HOUR.getTime())!;
    for (const stats of [point, series.overall]) {
      expect(stats.count).toBe(40);
      expect([stats.minMs, stats.maxMs]).toEqual([null, null]);
      expect(stats.p50Ms! / 119).toBeGreaterThan(0.98);
      expect(stats.p50Ms!).toBeLessThan(123);
    }
  });
});

describe.each(DATABASE_KINDS)(
  'route-filtered response times mixing rollup rows with and without min and max on %s',
  (kind) => {
    // OLD_HOUR starts a two-hour interval (UTC 14:00); the next hour was rolled up after extremes were kept.
    const NEW_HOUR = new Date(OLD_HOUR.getTime() + HOUR);
    let test: TestDatabase;
    let account: TestAccount;
    let scope: TrafficScope;

    beforeAll(async () => {
      test = await createTestDatabase(kind);
      account = await createAccount(test.db, 'mixed-extremes', ['production'], ['orders']);
      scope = { environmentId: account.environments.production!, bucketIds: null, rawRetainedFrom: NEW_HOUR };
      const template = trafficFor(account, { seed: 7, requests: 1, days: 1, until: UNTIL })[0]!;
      const requests = (hour: Date, route: string, durations: number[]): RequestRecord[] =>
        durations.map((durationMs, i) => ({
          ...template,
          publicId: `${template.publicId}-${hour.getTime()}-${i}`,
          externalId: null,
          method: 'GET',
          route,
          path: `/api/old/${i}`,
          timestamp: new Date(hour.getTime() + 60_000 + i * 1000),
          durationMs,
        }));
      const slowMs = Array.from({ length: 40 }, (_, i) => 1000 + i);
      await store(test.db, requests(OLD_HOUR, ROUTE, slowMs));
      await test.db.sql.query(`UPDATE "RouteRollup" SET "durationMin" = NULL, "durationMax" = NULL`);
      await test.db.sql.query(`DELETE FROM "Request"`);
      await store(test.db, [
        ...requests(
          NEW_HOUR,
          ROUTE,
          Array.from({ length: 40 }, (_, i) => 100 + i),
        ),
        // Stored after the half-hour ranges below end, so their last half hour is read from raw rows.
        ...requests(new Date(NEW_HOUR.getTime() + 45 * 60_000), '/api/other', [5]),
      ]);
    });
    afterAll(() => test.dispose());

    const read = (to: Date, intervalSeconds: number) =>
      responseTimes(test.db.sql, scope, { from: OLD_HOUR, to }, intervalSeconds, { route: ROUTE });
    const expectUnknownExtremesUnclamped = (stats: ResponseTimeStats) => {
      expect(stats.count).toBe(80);
      expect([stats.minMs, stats.maxMs]).toEqual([null, null]);
      expect(stats.p99Ms! / 1039).toBeGreaterThan(0.98);
    };

    it('reports the range unknown extremes and unclamped percentiles when some of its hours have none', async () => {
      const series = await read(new Date(NEW_HOUR.getTime() + HOUR), 3600);
      expectUnknownExtremesUnclamped(series.overall);
      const newHour = series.points.find((p) => p.time.getTime() === NEW_HOUR.getTime())!;
      expect([newHour.minMs, newHour.maxMs]).toEqual([100, 139]);
    });

    it('reports unknown extremes for an interval whose rollup rows only partly have them', async () => {
      const series = await read(new Date(NEW_HOUR.getTime() + HOUR), 7200);
      expectUnknownExtremesUnclamped(series.points[0]!);
    });

    it('reports unknown extremes for an interval of rollup rows without them and raw rows', async () => {
      const series = await read(new Date(NEW_HOUR.getTime() + 30 * 60_000), 7200);
      expectUnknownExtremesUnclamped(series.points[0]!);
    });
  },
);
