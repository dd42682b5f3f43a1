import type { SqlClient } from '../../db/sql-client.ts';
import { PURGED_TABLES, purgeSlices, type PurgedTable, type PurgeSlice } from './purge-tables.ts';
import type { RetentionCutoffs } from './retention-policy.ts';

/**
 * Rows one DELETE removes. Each batch is its own short transaction, so locks and WAL stay small and, on
 * PGlite (one connection for the whole process), other queries wait at most one batch: a batch of 5,000
 * Request rows took ~55 ms on PGlite and ~48 ms on PostgreSQL here (BENCHMARKS.md, run 18), short enough
 * for a request to wait behind.
 */
export const PURGE_BATCH_ROWS = 5000;

export interface TableRows {
  table: PurgedTable;
  rows: number;
}

export interface PurgeOutcome extends RetentionCutoffs {
  /** Rows deleted per table. */
  deleted: TableRows[];
  batches: number;
  /** True when the purge stopped early because it was asked to (the server is shutting down). */
  interrupted: boolean;
}

/**
 * Every environment id present in `table`, read as a loose index scan over its leading environmentId
 * column: a handful of index probes, not a scan of the table.
 */
async function environmentIdsIn(sql: SqlClient, table: PurgedTable): Promise<string[]> {
  const rows = await sql.query<{ id: string | null }>(
    `WITH RECURSIVE envs AS (
       (SELECT "environmentId" AS id FROM "${table}" ORDER BY "environmentId" LIMIT 1)
       UNION ALL
       SELECT (SELECT "environmentId" FROM "${table}" WHERE "environmentId" > envs.id ORDER BY "environmentId" LIMIT 1) FROM envs WHERE envs.id IS NOT NULL
     ) SELECT id FROM envs WHERE id IS NOT NULL`,
  );
  return rows.map((row) => row.id!);
}

const emptyCounts = (): Map<PurgedTable, number> => new Map(PURGED_TABLES.map((table) => [table, 0]));
const toTableRows = (counts: Map<PurgedTable, number>): TableRows[] =>
  [...counts].map(([table, rows]) => ({ table, rows }));

async function forEachSlice(
  sql: SqlClient,
  cutoffs: RetentionCutoffs,
  visit: (slice: PurgeSlice, environmentId: string) => Promise<boolean>,
): Promise<boolean> {
  const environments = new Map<PurgedTable, string[]>();
  for (const slice of purgeSlices(cutoffs)) {
    if (!environments.has(slice.table)) environments.set(slice.table, await environmentIdsIn(sql, slice.table));
    for (const environmentId of environments.get(slice.table)!) {
      if (!(await visit(slice, environmentId))) return false;
    }
  }
  return true;
}

/** What a purge under these cut-offs would delete, per table (`trafficgraph purge --dry-run`). */
export async function countExpired(sql: SqlClient, cutoffs: RetentionCutoffs): Promise<TableRows[]> {
  const counts = emptyCounts();
  await forEachSlice(sql, cutoffs, async (slice, environmentId) => {
    const [row] = await sql.query<{ n: number }>(
      `SELECT count(*)::int AS n FROM "${slice.table}" WHERE "environmentId" = $1 AND ${slice.condition}`,
      [environmentId, slice.cutoff],
    );
    counts.set(slice.table, counts.get(slice.table)! + Number(row?.n ?? 0));
    return true;
  });
  return toTableRows(counts);
}

export interface PurgeOptions {
  batchRows?: number;
  /** Checked between batches; when aborted the purge stops after the batch in flight. */
  signal?: AbortSignal;
}

/** Deletes expired rows in batches of `batchRows`, each batch committed on its own. */
export async function deleteExpired(
  sql: SqlClient,
  cutoffs: RetentionCutoffs,
  options: PurgeOptions = {},
): Promise<PurgeOutcome> {
  const batchRows = options.batchRows ?? PURGE_BATCH_ROWS;
  const counts = emptyCounts();
  let batches = 0;
  const finished = await forEachSlice(sql, cutoffs, async (slice, environmentId) => {
    for (;;) {
      if (options.signal?.aborted) return false;
      const rows = await sql.query<{ n: number }>(
        `WITH gone AS (
           DELETE FROM "${slice.table}" WHERE ${slice.rowKey} = ANY(ARRAY(
             SELECT ${slice.rowKey} FROM "${slice.table}" WHERE "environmentId" = $1 AND ${slice.condition} LIMIT $3))
           RETURNING 1)
         SELECT count(*)::int AS n FROM gone`,
        [environmentId, slice.cutoff, batchRows],
      );
      const deleted = Number(rows[0]?.n ?? 0);
      batches += 1;
      counts.set(slice.table, counts.get(slice.table)! + deleted);
      if (deleted < batchRows) return true;
      // PGlite runs inside this process's event loop, and a resolved query continues in a microtask: without
      // a turn of the loop between batches, HTTP requests and timers would wait for the whole purge.
      await new Promise((resolve) => setImmediate(resolve));
    }
  });
  return { ...cutoffs, deleted: toTableRows(counts), batches, interrupted: !finished };
}
