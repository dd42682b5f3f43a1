import { readFile } from 'node:fs/promises';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestDatabase, DATABASE_KINDS, type TestDatabase } from '../helpers/databases.ts';
import { createAccount } from '../helpers/fixtures.ts';
import { store, trafficFor } from '../helpers/traffic-data.ts';

const MIGRATION = new URL(
  '../../prisma/migrations/20261122013000_error_rollups_per_minute/migration.sql',
  import.meta.url,
);
const MINUTE_ROWS = `SELECT "environmentId", "bucketId", "periodStart", "method", "route", "status", "count" FROM "ErrorRollup"
  WHERE "period" = 60 ORDER BY 1, 2, 3, 4, 5, 6`;

describe.each(DATABASE_KINDS)('the per-minute error rollup backfill on %s', (kind) => {
  let test: TestDatabase;
  beforeAll(async () => {
    test = await createTestDatabase(kind);
    const account = await createAccount(test.db, 'backfill', ['production', 'staging'], ['orders', 'billing']);
    await store(
      test.db,
      trafficFor(account, { seed: 5, requests: 4000, days: 1, until: new Date('2026-10-10T00:00:00Z') }),
    );
  });
  afterAll(() => test.dispose());

  it('rebuilds exactly the minute rows that ingest writes', async () => {
    const written = await test.db.sql.query(MINUTE_ROWS);
    expect(written.length).toBeGreaterThan(100);
    // The state of a database stored before the minute level existed.
    await test.db.sql.exec('DELETE FROM "ErrorRollup" WHERE "period" = 60');
    expect(await test.db.sql.query(MINUTE_ROWS)).toEqual([]);
    await test.db.sql.exec(await readFile(MIGRATION, 'utf8'));
    expect(await test.db.sql.query(MINUTE_ROWS)).toEqual(written);
  });
});
