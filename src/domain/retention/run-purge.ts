import type { Database } from '../../db/database.ts';
import { deleteExpired, type PurgeOptions, type PurgeOutcome } from './purge.ts';
import { PURGED_TABLES } from './purge-tables.ts';
import { recordPurgeCutoffs } from './purged-before.ts';
import { retentionCutoffs, type RetentionPolicy } from './retention-policy.ts';

/** The advisory lock key purges hold; any number unused elsewhere (migrations hold 72_707_001). */
export const PURGE_LOCK_KEY = 72_707_002;

export type PurgeRun = ({ ran: true; durationMs: number } & PurgeOutcome) | { ran: false; reason: string };

/**
 * One purge under the policy, by one instance at a time: a second caller on this process or on another
 * instance of the same PostgreSQL database is told another purge is running, and deletes nothing.
 */
export async function runPurge(
  db: Database,
  policy: RetentionPolicy,
  now: Date,
  options: PurgeOptions = {},
): Promise<PurgeRun> {
  const startedAt = performance.now();
  const outcome = await db.exclusively(PURGE_LOCK_KEY, async () => {
    const cutoffs = retentionCutoffs(policy, now);
    // Recorded first: from here on, readers must assume rows before these cut-offs may be gone, whatever
    // RETENTION_DAYS says later (an interrupted purge leaves some; the next one deletes them).
    await recordPurgeCutoffs(db.sql, cutoffs);
    const purged = await deleteExpired(db.sql, cutoffs, options);
    const deleted = purged.deleted.reduce((sum, table) => sum + table.rows, 0);
    // PGlite runs no autovacuum: without a VACUUM the space of deleted rows is never reused and the data
    // folder only grows. Fresh statistics matter too after a large delete (the planner chose by them).
    if (db.kind === 'pglite' && deleted > 0) {
      await db.sql.exec(`VACUUM ${PURGED_TABLES.map((table) => `"${table}"`).join(', ')}`);
      await db.noteBulkWrite(deleted);
    }
    return purged;
  });
  if (!outcome.ran) return { ran: false, reason: 'another purge is running (on this or another instance)' };
  return { ran: true, durationMs: performance.now() - startedAt, ...outcome.value };
}
