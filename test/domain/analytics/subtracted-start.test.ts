import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { endpointHistograms } from '../../../src/domain/analytics/endpoints.ts';
import { hourlyCells } from '../../../src/domain/analytics/hourly-cells.ts';
import type { TrafficScope } from '../../../src/domain/analytics/traffic-scope.ts';
import { ROUTES_PER_CELL } from '../../../src/domain/ingest/rollup-periods.ts';
import type { RequestRecord } from '../../../src/domain/ingest/request-record.ts';
import { createTestDatabase, DATABASE_KINDS, type TestDatabase } from '../../helpers/databases.ts';
import { createAccount } from '../../helpers/fixtures.ts';
import { store, trafficFor, EVERY_RAW_ROW_KEPT } from '../../helpers/traffic-data.ts';

const HOUR_START = new Date('2026-11-03T10:00:00Z');
const secondsIn = (seconds: number) => new Date(HOUR_START.getTime() + seconds * 1000);

// A hour whose route cell filled up: ROUTES_PER_CELL routes in its first minutes, then routes left out of it.
describe.each(DATABASE_KINDS)('a range starting late in an hour whose route cell is full, on %s', (kind) => {
  let test: TestDatabase;
  let scope: TrafficScope;
  const range = { from: secondsIn(10 * 60), to: secondsIn(90 * 60) };
  const leftOut = { method: 'GET', route: `/flood/${ROUTES_PER_CELL}` };

  beforeAll(async () => {
    test = await createTestDatabase(kind);
    const account = await createAccount(test.db, 'full-hour', ['production'], ['orders']);
    const template = trafficFor(account, { seed: 3, requests: 1, days: 1, until: HOUR_START })[0]!;
    const request = (n: number, route: string, at: Date): RequestRecord => ({
      ...template,
      publicId: `req_full_${n}`,
      method: 'GET',
      route,
      path: route,
      status: 200,
      timestamp: at,
    });
    const routes = Array.from({ length: ROUTES_PER_CELL + 1 }, (_, i) => request(i, `/flood/${i}`, secondsIn(i)));
    // In the range: the left-out route and a kept one, each twice, in the full hour and the next.
    const inRange = [0, ROUTES_PER_CELL].flatMap((i, k) => [
      request(1000 + k, `/flood/${i}`, secondsIn(55 * 60)),
      request(2000 + k, `/flood/${i}`, secondsIn(70 * 60)),
    ]);
    await store(test.db, routes.slice(0, ROUTES_PER_CELL));
    await store(test.db, [routes[ROUTES_PER_CELL]!, ...inRange]);
    scope = { environmentId: account.environments.production!, bucketIds: null, rawRetainedFrom: EVERY_RAW_ROW_KEPT };
  });
  afterAll(() => test.dispose());

  it('endpoints count each route’s requests in the range, none below zero', async () => {
    const histograms = await endpointHistograms(test.db.sql, scope, range);
    expect(new Map([...histograms].map(([key, h]) => [key, h.count]))).toEqual(
      new Map([
        ['GET /flood/0', 2],
        [`GET /flood/${ROUTES_PER_CELL}`, 2],
      ]),
    );
  });

  it('hourly cells of a route left out of the full hour count its requests in the range', async () => {
    const cells = await hourlyCells(test.db.sql, scope, range, leftOut);
    expect(cells.map((cell) => [cell.from.toISOString(), cell.count, cell.bins.count])).toEqual([
      [range.from.toISOString(), 1, 1],
      [secondsIn(3600).toISOString(), 1, 1],
    ]);
  });
});
