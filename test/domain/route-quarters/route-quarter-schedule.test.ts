import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { staleRouteQuarters } from '../../../src/domain/route-quarters/compact-route-quarters.ts';
import { routeQuarterCompactor } from '../../../src/domain/route-quarters/route-quarter-schedule.ts';
import { createTestDatabase, type TestDatabase } from '../../helpers/databases.ts';
import { createAccount } from '../../helpers/fixtures.ts';
import { store, trafficFor } from '../../helpers/traffic-data.ts';

const NOW = new Date('2026-11-20T12:05:00Z');
const DAY = 86_400_000;

describe('the route quarter compactor', () => {
  let test: TestDatabase;
  let environmentId: string;

  beforeAll(async () => {
    test = await createTestDatabase('pglite');
    const account = await createAccount(test.db, 'schedule', ['production'], ['orders']);
    environmentId = account.environments.production!;
    await store(
      test.db,
      trafficFor(account, { seed: 9, requests: 2000, days: 3, until: new Date('2026-11-20T12:00:00Z') }),
    );
  });
  afterAll(() => test.dispose());

  const staleBetween = async (from: number, to: number) =>
    (await staleRouteQuarters(test.db.sql, environmentId, new Date(from), new Date(to), 10_000)).length;

  it('builds the recent quarters and a day of history a tick, down to the retained raw rows', async () => {
    const compactor = routeQuarterCompactor(test.db, 30);
    const first = await compactor.tick(NOW);
    expect(first.rebuilt).toBeGreaterThan(0);
    // Quarters ended a minute ago and more: 11:45-12:00 ended at 12:00, within the two recent hours.
    const recentFrom = new Date('2026-11-20T10:00:00Z').getTime();
    expect(await staleBetween(recentFrom, new Date('2026-11-20T12:00:00Z').getTime())).toBe(0);
    expect(await staleBetween(recentFrom - 3 * DAY, recentFrom - DAY)).toBeGreaterThan(0);
    for (let i = 0; i < 3; i++) await compactor.tick(NOW);
    expect(await staleBetween(recentFrom - 4 * DAY, recentFrom)).toBe(0);
  });
});
