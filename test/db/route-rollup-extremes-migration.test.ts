import { readFile } from 'node:fs/promises';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestDatabase, DATABASE_KINDS, type TestDatabase } from '../helpers/databases.ts';
import { createAccount } from '../helpers/fixtures.ts';
import { store, trafficFor } from '../helpers/traffic-data.ts';

const MIGRATION = new URL(
  '../../prisma/migrations/20261127235716_route_rollup_duration_extremes/migration.sql',
  import.meta.url,
);
const EXTREMES = `SELECT "environmentId", "bucketId", period, "periodStart", method, route, "durationMin", "durationMax"
  FROM "RouteRollup" ORDER BY 1, 2, 3, 4, 5, 6`;

describe.each(DATABASE_KINDS)('the route rollup extremes migration on %s', (kind) => {
  let test: TestDatabase;
  let storedByIngest: unknown[];
  beforeAll(async () => {
    test = await createTestDatabase(kind);
    const account = await createAccount(test.db, 'extremes', ['production'], ['orders', 'billing']);
    await store(
      test.db,
      trafficFor(account, { seed: 7, requests: 1500, days: 2, until: new Date('2026-10-20T00:00:00Z') }),
    );
    storedByIngest = await test.db.sql.query(EXTREMES);
    // The table as it was before the migration: no extremes.
    await test.db.sql.exec('ALTER TABLE "RouteRollup" DROP COLUMN "durationMin", DROP COLUMN "durationMax"');
  });
  afterAll(() => test.dispose());

  it('fills every route row with what ingest would have kept', async () => {
    await test.db.sql.exec(await readFile(MIGRATION, 'utf8'));
    const backfilled = await test.db.sql.query(EXTREMES);
    expect(backfilled.length).toBeGreaterThan(0);
    expect(backfilled).toEqual(storedByIngest);
  });
});
