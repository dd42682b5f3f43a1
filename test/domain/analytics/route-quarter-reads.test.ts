import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type EndpointHistogram, endpointHistograms } from '../../../src/domain/analytics/endpoints.ts';
import { binSql } from '../../../src/domain/analytics/latency-bins.ts';
import { responseTimes } from '../../../src/domain/analytics/response-times.ts';
import type { TrafficScope } from '../../../src/domain/analytics/traffic-scope.ts';
import type { TimeRange } from '../../../src/domain/time/time-range.ts';
import { compactRouteQuartersBetween } from '../../../src/domain/route-quarters/compact-route-quarters.ts';
import { createTestDatabase, DATABASE_KINDS, type TestDatabase } from '../../helpers/databases.ts';
import { createAccount } from '../../helpers/fixtures.ts';
import { EVERY_RAW_ROW_KEPT, store, trafficFor } from '../../helpers/traffic-data.ts';

const UNTIL = new Date('2026-11-20T12:00:00Z');
const minutesBefore = (minutes: number) => new Date(UNTIL.getTime() - minutes * 60_000);

/** Ranges whose ends fall at every kind of place in their hours and quarters. */
const RANGES: TimeRange[] = [
  { from: minutesBefore(20 * 60 + 31), to: minutesBefore(2 * 60 + 31) },
  { from: minutesBefore(23 * 60 - 7), to: minutesBefore(3 * 60 + 8) },
  { from: minutesBefore(5 * 60 + 44), to: minutesBefore(5 * 60 + 31) },
  { from: minutesBefore(9 * 60 + 59), to: minutesBefore(8 * 60 + 1) },
];

type Counts = { count: number; status4xx: number; status5xx: number; bins: Record<number, number> };

/** Per endpoint, the requests of the range counted from raw rows alone. */
async function fromRawRows(test: TestDatabase, scope: TrafficScope, range: TimeRange): Promise<Map<string, Counts>> {
  const rows = await test.db.sql.query<{ k: string; bin: number; n: number; s4: number; s5: number }>(
    `SELECT "method" || ' ' || "route" AS k, ${binSql('"durationMs"')}::int AS bin, count(*)::int AS n,
       (count(*) FILTER (WHERE "status" BETWEEN 400 AND 499))::int AS s4, (count(*) FILTER (WHERE "status" >= 500))::int AS s5
     FROM "Request" WHERE "environmentId" = $1 AND "timestamp" >= $2 AND "timestamp" < $3 GROUP BY 1, 2`,
    [scope.environmentId, range.from, range.to],
  );
  const byKey = new Map<string, Counts>();
  for (const row of rows) {
    const counts = byKey.get(row.k) ?? { count: 0, status4xx: 0, status5xx: 0, bins: {} };
    counts.count += Number(row.n);
    counts.status4xx += Number(row.s4);
    counts.status5xx += Number(row.s5);
    counts.bins[Number(row.bin)] = Number(row.n);
    byKey.set(row.k, counts);
  }
  return byKey;
}

/** Endpoints' histograms in the raw rows' shape, each bin the reference has read back from the histogram. */
function asCounts(histograms: Map<string, EndpointHistogram>, reference: Map<string, Counts>): Map<string, Counts> {
  return new Map(
    [...histograms].map(([key, h]) => {
      const bins = Object.fromEntries(
        Object.keys(reference.get(key)?.bins ?? {}).map((bin) => [bin, h.bins.countIn(Number(bin))]),
      );
      return [key, { count: h.count, status4xx: h.status4xx, status5xx: h.status5xx, bins }];
    }),
  );
}

describe.each(DATABASE_KINDS)('endpoints read with compacted route quarters, on %s', (kind) => {
  let test: TestDatabase;
  let scope: TrafficScope;
  let template: ReturnType<typeof trafficFor>[number];

  beforeAll(async () => {
    test = await createTestDatabase(kind);
    const account = await createAccount(test.db, 'quarters', ['production'], ['orders', 'billing']);
    const traffic = trafficFor(account, { seed: 11, requests: 4000, days: 1, until: UNTIL });
    template = traffic[0]!;
    await store(test.db, traffic);
    await compactRouteQuartersBetween(test.db.sql, minutesBefore(26 * 60), UNTIL);
    scope = { environmentId: account.environments.production!, bucketIds: null, rawRetainedFrom: EVERY_RAW_ROW_KEPT };
  });
  afterAll(() => test.dispose());

  it('count every endpoint’s requests, statuses and bins as the raw rows do', async () => {
    for (const range of RANGES) {
      const reference = await fromRawRows(test, scope, range);
      expect(asCounts(await endpointHistograms(test.db.sql, scope, range), reference)).toEqual(reference);
    }
  });

  it('count a request stored into a compacted quarter before the next compaction', async () => {
    const range = RANGES[0]!;
    const late = {
      ...template,
      publicId: 'req_late_quarter',
      method: 'DELETE',
      route: '/late',
      path: '/late',
      status: 503,
    };
    await store(test.db, [
      { ...late, environmentId: scope.environmentId, timestamp: new Date(range.from.getTime() + 60_000) },
    ]);
    const reference = await fromRawRows(test, scope, range);
    expect(reference.get('DELETE /late')?.count).toBe(1);
    expect(asCounts(await endpointHistograms(test.db.sql, scope, range), reference)).toEqual(reference);
  });

  it('give a route’s hourly series the count, sum, min and max of its raw rows in each hour', async () => {
    for (const range of RANGES) {
      const route = (await endpointHistograms(test.db.sql, scope, range)).values().next().value!.route;
      const rows = await test.db.sql.query<{ t: number; n: number; s: number; lo: number; hi: number }>(
        `SELECT (floor(extract(epoch FROM "timestamp") / 3600) * 3600000)::float8 AS t, count(*)::int AS n,
           sum("durationMs")::float8 AS s, min("durationMs")::float8 AS lo, max("durationMs")::float8 AS hi
         FROM "Request" WHERE "environmentId" = $1 AND "route" = $2 AND "timestamp" >= $3 AND "timestamp" < $4 GROUP BY 1`,
        [scope.environmentId, route, range.from, range.to],
      );
      const series = await responseTimes(test.db.sql, scope, range, 3600, { route });
      const byStart = new Map(series.points.map((p) => [p.time.getTime(), p]));
      for (const row of rows) {
        const point = byStart.get(Number(row.t))!;
        expect([point.count, point.minMs, point.maxMs]).toEqual([Number(row.n), Number(row.lo), Number(row.hi)]);
        expect(point.averageMs! * point.count).toBeCloseTo(Number(row.s), 6);
      }
    }
  });

  it('take a compacted quarter’s totals from its route cells, for endpoints and a route’s series', async () => {
    // [hh:29, next hour) starts RANGES[0]: its last quarter comes from its cells, so a change to a cell's sum (not
    // its count, which would mark it stale) shows in the answer.
    const range = RANGES[0]!;
    const quarter = new Date(range.from.getTime() + 16 * 60_000);
    const [{ route }] = (await test.db.sql.query<{ route: string }>(
      `SELECT "route" FROM "RouteRollup" WHERE "period" = 900 AND "periodStart" = $1 ORDER BY "count" DESC LIMIT 1`,
      [quarter],
    )) as [{ route: string }];
    const seriesSum = async () =>
      (await responseTimes(test.db.sql, scope, range, 3600, { route })).points.reduce(
        (sum, p) => sum + (p.averageMs ?? 0) * p.count,
        0,
      );
    const before = await endpointHistograms(test.db.sql, scope, range);
    const seriesBefore = await seriesSum();
    const changed = await test.db.sql.query<{ route: string }>(
      `UPDATE "RouteRollup" SET "durationSum" = "durationSum" + 1000000 WHERE "period" = 900 AND "periodStart" = $1 RETURNING "route"`,
      [quarter],
    );
    expect(changed.length).toBeGreaterThan(0);
    const after = await endpointHistograms(test.db.sql, scope, range);
    const total = (histograms: Map<string, EndpointHistogram>) =>
      [...histograms.values()].reduce((sum, h) => sum + h.durationSum, 0);
    expect(total(after) - total(before)).toBeCloseTo(changed.length * 1_000_000, 0);
    const routeRows = changed.filter((row) => row.route === route).length;
    expect((await seriesSum()) - seriesBefore).toBeCloseTo(routeRows * 1_000_000, 0);
  });
});
