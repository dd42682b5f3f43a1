import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { RequestRecord } from '../../../src/domain/ingest/request-record.ts';
import { staleRouteQuarters } from '../../../src/domain/route-quarters/compact-route-quarters.ts';
import {
  routeQuarterCompactor,
  scheduleRouteQuarters,
} from '../../../src/domain/route-quarters/route-quarter-schedule.ts';
import type { Database } from '../../../src/db/database.ts';
import type { SqlClient } from '../../../src/db/sql-client.ts';
import { createLogger } from '../../../src/logger.ts';
import { createTestDatabase, type TestDatabase } from '../../helpers/databases.ts';
import { createAccount } from '../../helpers/fixtures.ts';
import { store, trafficFor } from '../../helpers/traffic-data.ts';

const NOW = new Date('2026-11-20T12:05:00Z');
const DAY = 86_400_000;

describe('the route quarter compactor', () => {
  let test: TestDatabase;
  let environmentId: string;
  let template: RequestRecord;

  beforeAll(async () => {
    test = await createTestDatabase('pglite');
    const account = await createAccount(test.db, 'schedule', ['production'], ['orders']);
    environmentId = account.environments.production!;
    const traffic = trafficFor(account, { seed: 9, requests: 2000, days: 3, until: new Date('2026-11-20T12:00:00Z') });
    template = traffic[0]!;
    await store(test.db, traffic);
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

  it('starts over from the recent quarters once the walk back reaches the oldest retained raw rows', async () => {
    // Three days kept back from 12:05: the walk ends at the quarter starting 12:15 three days back, not on a
    // quarter boundary of its own, and must start over from there.
    const compactor = routeQuarterCompactor(test.db, 3);
    for (let i = 0; i < 4; i++) await compactor.tick(NOW);
    const late = new Date('2026-11-19T03:07:00Z');
    await store(test.db, [{ ...template, publicId: 'req_late_history', timestamp: late }]);
    expect(await staleBetween(late.getTime() - 3_600_000, late.getTime() + 3_600_000)).toBe(1);
    // The fourth tick started over at the recent end; the fifth walks the day back that holds the late quarter.
    await compactor.tick(NOW);
    expect(await staleBetween(late.getTime() - 3_600_000, late.getTime() + 3_600_000)).toBe(0);
  });
});

describe('the route quarter schedule', () => {
  let test: TestDatabase;

  beforeAll(async () => {
    test = await createTestDatabase('pglite');
    const account = await createAccount(test.db, 'stopping', ['production'], ['orders', 'billing']);
    // Stamped up to now: the tick's recent quarters and its day of history each hold a span per bucket.
    await store(test.db, trafficFor(account, { seed: 4, requests: 2000, days: 2, until: new Date() }));
  });
  afterAll(() => test.dispose());

  it('ends a compaction in flight after its current statement when stopped', async () => {
    let rebuilds = 0;
    let stopped: Promise<void> | undefined;
    let schedule: ReturnType<typeof scheduleRouteQuarters> | undefined;
    const sql: SqlClient = {
      ...test.db.sql,
      engine: test.db.sql.engine,
      query: (text, params, options) => {
        if (text.includes('INSERT INTO "RouteRollup"')) {
          rebuilds++;
          stopped ??= schedule!.stop();
        }
        return test.db.sql.query(text, params, options);
      },
    };
    const db: Database = { ...test.db, sql };
    schedule = scheduleRouteQuarters(db, 30, createLogger('silent'), 1);
    while (!stopped) await new Promise((resolve) => setTimeout(resolve, 5));
    await stopped;
    const [left] = await test.db.sql.query<{ n: number }>(
      `SELECT count(*)::int AS n FROM "RequestRollup" AS r WHERE r."period" = 900 AND r."bucketId" <> '*'
         AND NOT EXISTS (SELECT 1 FROM "RouteRollup" AS c WHERE c."period" = 900 AND c."periodStart" = r."periodStart"
           AND c."bucketId" = r."bucketId")`,
    );
    // Before: stop() waited for the whole tick, every span of the recent quarters and of the day of history.
    expect(rebuilds).toBe(1);
    expect(Number(left!.n)).toBeGreaterThan(0);
  });
});
