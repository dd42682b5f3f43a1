import { readFile } from 'node:fs/promises';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestDatabase, DATABASE_KINDS, type TestDatabase } from '../helpers/databases.ts';
import { INSERT_ENVIRONMENT_WIDE_ROUTE_ROWS } from '../helpers/environment-wide-route-rows.ts';
import { createAccount } from '../helpers/fixtures.ts';
import { store, trafficFor } from '../helpers/traffic-data.ts';

const MIGRATION = new URL(
  '../../prisma/migrations/20261128013500_route_rollups_per_bucket_only/migration.sql',
  import.meta.url,
);
const ROUTE_ROWS = `SELECT "environmentId", "bucketId", period, "periodStart", method, route, count, counts::text AS counts
  FROM "RouteRollup" ORDER BY 1, 2, 3, 4, 5, 6`;
describe.each(DATABASE_KINDS)('the route rollups per bucket migration on %s', (kind) => {
  let test: TestDatabase;
  let storedByIngest: unknown[];
  beforeAll(async () => {
    test = await createTestDatabase(kind);
    const account = await createAccount(test.db, 'per-bucket', ['production'], ['orders', 'billing']);
    await store(
      test.db,
      trafficFor(account, { seed: 9, requests: 1000, days: 1, until: new Date('2026-10-20T00:00:00Z') }),
    );
    storedByIngest = await test.db.sql.query(ROUTE_ROWS);
    // The table as it was before the migration: environment-wide rows beside the bucket rows.
    await test.db.sql.exec(INSERT_ENVIRONMENT_WIDE_ROUTE_ROWS);
  });
  afterAll(() => test.dispose());

  it('deletes the environment-wide route rows and keeps every bucket row as ingest stored it', async () => {
    const [before] = await test.db.sql.query<{ n: number }>(
      `SELECT count(*)::int AS n FROM "RouteRollup" WHERE "bucketId" = '*'`,
    );
    expect(before!.n).toBeGreaterThan(0);
    await test.db.sql.exec(await readFile(MIGRATION, 'utf8'));
    expect(storedByIngest.length).toBeGreaterThan(0);
    expect(await test.db.sql.query(ROUTE_ROWS)).toEqual(storedByIngest);
  });
});
