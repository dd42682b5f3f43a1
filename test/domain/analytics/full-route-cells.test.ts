import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { endpointHistograms, endpointKey } from '../../../src/domain/analytics/endpoints.ts';
import { hourlyCells } from '../../../src/domain/analytics/hourly-cells.ts';
import type { TrafficScope } from '../../../src/domain/analytics/traffic-scope.ts';
import { ROUTES_PER_CELL } from '../../../src/domain/ingest/rollup-periods.ts';
import type { RequestRecord } from '../../../src/domain/ingest/request-record.ts';
import type { TimeRange } from '../../../src/domain/time/time-range.ts';
import { createTestDatabase, DATABASE_KINDS, type TestDatabase } from '../../helpers/databases.ts';
import { createAccount } from '../../helpers/fixtures.ts';
import { EVERY_RAW_ROW_KEPT, store, trafficFor } from '../../helpers/traffic-data.ts';

const DAY_START = new Date('2026-11-03T00:00:00Z');
const at = (hours: number, minutes = 0, seconds = 0) =>
  new Date(DAY_START.getTime() + ((hours * 60 + minutes) * 60 + seconds) * 1000);
const LATE = { method: 'GET', route: `/flood/${ROUTES_PER_CELL}` };

/** Requests per endpoint of one environment inside the range, from the records themselves. */
function countsIn(records: readonly RequestRecord[], environmentId: string, range: TimeRange) {
  const counts = new Map<string, number>();
  for (const r of records)
    if (r.environmentId === environmentId && r.timestamp >= range.from && r.timestamp < range.to)
      counts.set(endpointKey(r), (counts.get(endpointKey(r)) ?? 0) + 1);
  return counts;
}

// Two environments, nothing stored in either after 10:20, so a range ending at 10:40 has a quiet end. In
// "production" the hour 10:00 fills with ROUTES_PER_CELL routes in its first minutes; in "staging" the hour
// 01:00 does, and with it the day. Then a route new to both cells gets two requests at 10:10 and 10:20.
describe.each(DATABASE_KINDS)('a route first seen after its route cell filled up, on %s', (kind) => {
  let test: TestDatabase;
  let records: RequestRecord[];
  let production: TrafficScope;
  let staging: TrafficScope;

  beforeAll(async () => {
    test = await createTestDatabase(kind);
    const account = await createAccount(test.db, 'full-cells', ['production', 'staging'], ['orders']);
    const template = trafficFor(account, { seed: 5, requests: 1, days: 1, until: DAY_START })[0]!;
    const request = (environment: string, n: number, route: string, timestamp: Date, status = 200) => ({
      ...template,
      publicId: `req_${environment}_${n}`,
      environmentId: account.environments[environment]!,
      bucketId: account.buckets.orders!,
      method: 'GET',
      route,
      path: route,
      status,
      timestamp,
    });
    const flood = (environment: string, hour: number) =>
      Array.from({ length: ROUTES_PER_CELL }, (_, i) => request(environment, i, `/flood/${i}`, at(hour, 0, i)));
    const late = (environment: string) => [
      request(environment, 1000, LATE.route, at(10, 10)),
      request(environment, 1001, LATE.route, at(10, 20), 500),
    ];
    const floods = [...flood('production', 10), ...flood('staging', 1)];
    const lateOnes = [...late('production'), ...late('staging')];
    // The flood first, in batches of its own, so the cells are full before the late route arrives.
    await store(test.db, flood('production', 10));
    await store(test.db, flood('staging', 1));
    await store(test.db, lateOnes);
    records = [...floods, ...lateOnes];
    production = {
      environmentId: account.environments.production!,
      bucketIds: null,
      rawRetainedFrom: EVERY_RAW_ROW_KEPT,
    };
    staging = { environmentId: account.environments.staging!, bucketIds: null, rawRetainedFrom: EVERY_RAW_ROW_KEPT };
  });
  afterAll(() => test.dispose());

  it('endpoints count it in a range ending in its full hour with nothing stored after the end', async () => {
    const range = { from: at(8), to: at(10, 40) };
    const histograms = await endpointHistograms(test.db.sql, production, range);
    expect(new Map([...histograms].map(([key, h]) => [key, h.count]))).toEqual(
      countsIn(records, production.environmentId, range),
    );
  });

  it('endpoints count it in a range ending in its full day with nothing stored after the end', async () => {
    const range = { from: at(-1), to: at(10, 40) };
    const histograms = await endpointHistograms(test.db.sql, staging, range);
    expect(histograms.get(endpointKey(LATE))?.count).toBe(2);
  });

  it('its hourly cells count it in its full hour when that hour holds the end', async () => {
    const cells = await hourlyCells(test.db.sql, production, { from: at(8), to: at(10, 40) }, LATE);
    expect(cells.map((cell) => [cell.count, cell.errors, cell.bins.count])).toEqual([
      [0, 0, 0],
      [0, 0, 0],
      [2, 1, 2],
    ]);
  });

  it('its hourly cells count it in a full hour inside the range', async () => {
    const cells = await hourlyCells(test.db.sql, production, { from: at(8), to: at(12) }, LATE);
    expect(cells.map((cell) => [cell.count, cell.errors, cell.bins.count])).toEqual([
      [0, 0, 0],
      [0, 0, 0],
      [2, 1, 2],
      [0, 0, 0],
    ]);
  });
});
