import type { SqlClient } from '../../db/sql-client.ts';
import type { RetentionCutoffs } from './retention-policy.ts';

/**
 * The latest cut-offs any purge applied, per kind of stored traffic; null before the first purge. Stored
 * because the configured retention can change after a purge: raising RETENTION_DAYS does not bring deleted
 * rows back, so the configuration alone would promise raw rows (or rollups) further back than exist.
 */
export interface PurgedBefore {
  requestsBefore: Date | null;
  rollupsBefore: Date | null;
}

export const NOTHING_PURGED: PurgedBefore = { requestsBefore: null, rollupsBefore: null };

const KEYS = {
  requestsBefore: 'retention.requestsPurgedBefore',
  rollupsBefore: 'retention.rollupsPurgedBefore',
} as const satisfies Record<keyof PurgedBefore, string>;

/**
 * Records the cut-offs a purge is about to apply, keeping the later of each stored one and this one: a purge
 * under a longer retention (after RETENTION_DAYS was raised) deletes nothing the earlier one left, so the
 * earlier, later cut-off still holds. Called before the purge deletes: a reader that sees the old value has
 * started before any of those rows went, as before this record existed.
 */
export async function recordPurgeCutoffs(sql: SqlClient, cutoffs: RetentionCutoffs): Promise<void> {
  await sql.query(
    `INSERT INTO "ServerSetting" (key, value, "updatedAt") VALUES ($1, $2, now()), ($3, $4, now())
     ON CONFLICT (key) DO UPDATE SET
       value = CASE WHEN EXCLUDED.value::timestamptz > "ServerSetting".value::timestamptz
                    THEN EXCLUDED.value ELSE "ServerSetting".value END,
       "updatedAt" = now()`,
    [
      KEYS.requestsBefore,
      cutoffs.requestsBefore.toISOString(),
      KEYS.rollupsBefore,
      cutoffs.rollupsBefore.toISOString(),
    ],
  );
}

/** The cut-offs purges applied so far (one primary-key read of two rows). */
export async function readPurgedBefore(sql: SqlClient): Promise<PurgedBefore> {
  const rows = await sql.query<{ key: string; value: string }>(
    `SELECT key, value FROM "ServerSetting" WHERE key IN ($1, $2)`,
    [KEYS.requestsBefore, KEYS.rollupsBefore],
  );
  const storedDate = (key: string) => {
    const value = rows.find((row) => row.key === key)?.value;
    return value === undefined ? null : new Date(value);
  };
  return { requestsBefore: storedDate(KEYS.requestsBefore), rollupsBefore: storedDate(KEYS.rollupsBefore) };
}
