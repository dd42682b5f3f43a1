import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openDatabase } from '../../src/db/database.ts';
import type { SqlClient } from '../../src/db/sql-client.ts';
import { storeRequests } from '../../src/domain/ingest/store-requests.ts';
import { createTestDatabase, type TestDatabase } from '../helpers/databases.ts';
import { createStoreTarget, demoRecordsFor } from '../bench/store-throughput.ts';

const DOUBLED = 'SELECT x * 2 AS doubled FROM unnest($1::int[]) AS x ORDER BY x';
const ROLLUP_TABLES = ['RequestRollup', 'LatencyHistogram', 'ErrorRollup', 'RouteRollup'];

/** `sql` with every statement sent unnamed, as PGlite ran them before statements were prepared on it. */
function unnamed(sql: SqlClient): SqlClient {
  return {
    ...sql,
    query: (text, params) => sql.query(text, params),
    transaction: (work) => sql.transaction((tx) => work(unnamed(tx))),
  };
}

/** One environment's cells of `table`, its buckets named by their place in `bucketIds`. */
function cellsOf(sql: SqlClient, table: string, environmentId: string, bucketIds: readonly string[]) {
  return sql.query<{ cell: string }>(
    `SELECT (to_jsonb(t) - 'environmentId' - 'bucketId' || jsonb_build_object('bucket', array_position($2::text[], t."bucketId")))::text AS cell
     FROM "${table}" AS t WHERE t."environmentId" = $1 ORDER BY 1`,
    [environmentId, bucketIds],
  );
}

describe('prepared statements on PGlite', () => {
  let test: TestDatabase;
  beforeAll(async () => {
    test = await createTestDatabase('pglite');
  });
  afterAll(() => test.dispose());

  it('write the same rollups as the same batches sent unnamed', async () => {
    const prepared = await createStoreTarget(test.db, 'prepared');
    const sentUnnamed = await createStoreTarget(test.db, 'unnamed');
    const records = demoRecordsFor(prepared, 1200, 11);
    const copies = records.map((record) => ({
      ...record,
      publicId: `copy-${record.publicId}`,
      accountId: sentUnnamed.accountId,
      environmentId: sentUnnamed.environmentId,
      bucketId: sentUnnamed.bucketIds[prepared.bucketIds.indexOf(record.bucketId)]!,
    }));
    for (let i = 0; i < records.length; i += 300) {
      await storeRequests(test.db.sql, records.slice(i, i + 300));
      await storeRequests(unnamed(test.db.sql), copies.slice(i, i + 300));
    }
    for (const table of ROLLUP_TABLES) {
      const cells = await cellsOf(test.db.sql, table, prepared.environmentId, prepared.bucketIds);
      expect(cells.length, table).toBeGreaterThan(0);
      expect(cells, table).toEqual(await cellsOf(test.db.sql, table, sentUnnamed.environmentId, sentUnnamed.bucketIds));
    }
  });

  it('stay prepared after the transaction that prepared them rolls back', async () => {
    const rolledBack = test.db.sql.transaction(async (tx) => {
      await tx.query(DOUBLED, [[1]], { prepareAs: 'doubled_after_rollback' });
      throw new Error('roll back');
    });
    await expect(rolledBack).rejects.toThrow('roll back');
    const rows = await test.db.sql.query<{ doubled: number }>(DOUBLED, [[4, 5]], {
      prepareAs: 'doubled_after_rollback',
    });
    expect(rows.map((row) => row.doubled)).toEqual([8, 10]);
  });

  it("refuse to run on a transaction's client after its transaction ended", async () => {
    let kept: SqlClient | undefined;
    await test.db.sql.transaction(async (tx) => {
      kept = tx;
    });
    await expect(kept!.query(DOUBLED, [[1]], { prepareAs: 'doubled_after_end' })).rejects.toThrow(/closed/);
  });

  it('leave the connection usable after a prepared statement fails inside and outside a transaction', async () => {
    const divide = 'SELECT 1 / $1::int AS q';
    await expect(test.db.sql.query(divide, [0], { prepareAs: 'divide' })).rejects.toThrow(/division by zero/);
    await expect(test.db.sql.transaction((tx) => tx.query(divide, [0], { prepareAs: 'divide' }))).rejects.toThrow(
      /division by zero/,
    );
    expect(await test.db.sql.query<{ q: number }>(divide, [1], { prepareAs: 'divide' })).toEqual([{ q: 1 }]);
    // Left inside a transaction, the connection would keep one transaction start across statements.
    const started = () =>
      test.db.sql.query<{ at: string }>(
        'SELECT xact_start::text AS at FROM pg_stat_activity WHERE pid = pg_backend_pid()',
      );
    const first = await started();
    await new Promise((resolve) => setTimeout(resolve, 20));
    expect(await started()).not.toEqual(first);
  });

  it('are not remembered when preparing fails, so the next run prepares again', async () => {
    await test.db.sql.query('CREATE TABLE late_table (n int)');
    const text = 'SELECT n FROM late_table_renamed ORDER BY n';
    await expect(test.db.sql.query(text, [], { prepareAs: 'late' })).rejects.toThrow(/late_table_renamed/);
    await test.db.sql.query('ALTER TABLE late_table RENAME TO late_table_renamed');
    await test.db.sql.query('INSERT INTO late_table_renamed VALUES (3)');
    expect(await test.db.sql.query(text, [], { prepareAs: 'late' })).toEqual([{ n: 3 }]);
  });

  it('are prepared again on a database closed and opened again', async () => {
    const dataDir = await mkdtemp(path.join(tmpdir(), 'pglite-prepared-'));
    try {
      for (const values of [[1, 2], [7]]) {
        const db = await openDatabase({ dataDir });
        try {
          const rows = await db.sql.query<{ doubled: number }>(DOUBLED, [values], { prepareAs: 'doubled' });
          expect(rows.map((row) => row.doubled)).toEqual(values.map((value) => value * 2));
        } finally {
          await db.close();
        }
      }
    } finally {
      await rm(dataDir, { recursive: true, force: true });
    }
  });
});
