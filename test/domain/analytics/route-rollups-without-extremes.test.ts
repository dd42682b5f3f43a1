import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { responseTimes } from '../../../src/domain/analytics/response-times.ts';
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
