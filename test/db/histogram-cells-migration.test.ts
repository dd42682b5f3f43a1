import { readFile } from 'node:fs/promises';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestDatabase, DATABASE_KINDS, type TestDatabase } from '../helpers/databases.ts';
import { createAccount } from '../helpers/fixtures.ts';
import { store, trafficFor } from '../helpers/traffic-data.ts';

const MIGRATION = new URL('../../prisma/migrations/20261122025324_histogram_cells/migration.sql', import.meta.url);
const CELLS = `SELECT "environmentId", "bucketId", "period", "periodStart", array_lower("counts", 1) AS lo, array_to_json("counts") AS counts
  FROM "LatencyHistogram" ORDER BY 1, 2, 3, 4`;

// The table as it was before the migration: one row per (cell, bin), rebuilt from the cells ingest wrote.
const BACK_TO_BIN_ROWS = `
  DROP FUNCTION latency_counts_of(INTEGER[], BIGINT[]);
  DROP AGGREGATE latency_counts_sum(INTEGER[]);
  DROP FUNCTION latency_counts_add(INTEGER[], INTEGER[]);
  CREATE TABLE "LatencyHistogramOld" AS
    SELECT "environmentId", "bucketId", "period", "periodStart", (array_lower("counts", 1) + k - 1)::SMALLINT AS "bin", c AS "count"
    FROM "LatencyHistogram", unnest("counts") WITH ORDINALITY AS u(c, k) WHERE c > 0;
  DROP TABLE "LatencyHistogram";
  ALTER TABLE "LatencyHistogramOld" RENAME TO "LatencyHistogram";
  ALTER TABLE "LatencyHistogram" ADD CONSTRAINT "LatencyHistogram_pkey" PRIMARY KEY ("environmentId", "period", "periodStart", "bucketId", "bin");`;

describe.each(DATABASE_KINDS)('the histogram cells migration on %s', (kind) => {
  let test: TestDatabase;
  beforeAll(async () => {
    test = await createTestDatabase(kind);
    const account = await createAccount(test.db, 'cells', ['production', 'staging'], ['orders', 'billing']);
    await store(
      test.db,
      trafficFor(account, { seed: 8, requests: 4000, days: 2, until: new Date('2026-10-10T00:00:00Z') }),
    );
  });
  afterAll(() => test.dispose());

  it('turns per-bin rows into exactly the cells ingest writes', async () => {
    const written = await test.db.sql.query<{ lo: number; counts: number[] }>(CELLS);
    expect(written.length).toBeGreaterThan(50);
    // Cells are tight: they start and end on a bin that holds requests.
    for (const cell of written) expect([cell.counts[0], cell.counts.at(-1)].every((n) => (n ?? 0) > 0)).toBe(true);
    await test.db.sql.exec(BACK_TO_BIN_ROWS);
    const [binRows] = await test.db.sql.query<{ n: number }>('SELECT count(*)::int AS n FROM "LatencyHistogram"');
    expect(binRows?.n).toBeGreaterThan(written.length);
    await test.db.sql.exec(await readFile(MIGRATION, 'utf8'));
    expect(await test.db.sql.query(CELLS)).toEqual(written);
  });

  it('adds cells with different first and last bins, bin by bin', async () => {
    const [row] = await test.db.sql.query<{ sum: string; empty: string | null }>(
      `SELECT latency_counts_add('[5:7]={1,2,3}'::int[], '[2:3]={9,8}'::int[])::text AS sum, latency_counts_add(NULL, NULL)::text AS empty`,
    );
    expect(row).toEqual({ sum: '[2:7]={9,8,0,1,2,3}', empty: null });
  });
});
