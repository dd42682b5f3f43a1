import { createHash, randomUUID } from 'node:crypto';
import { listMigrations } from './migration-files.ts';
import type { SqlClient } from './sql-client.ts';

// Same table and columns as Prisma Migrate, so `prisma migrate status` and this runner agree on history.
const HISTORY_TABLE = `
CREATE TABLE IF NOT EXISTS "_prisma_migrations" (
  "id" VARCHAR(36) PRIMARY KEY NOT NULL,
  "checksum" VARCHAR(64) NOT NULL,
  "finished_at" TIMESTAMPTZ,
  "migration_name" VARCHAR(255) NOT NULL,
  "logs" TEXT,
  "rolled_back_at" TIMESTAMPTZ,
  "started_at" TIMESTAMPTZ NOT NULL DEFAULT now(),
  "applied_steps_count" INTEGER NOT NULL DEFAULT 0
)`;

// Several instances may start at once on one PostgreSQL; an advisory lock makes one of them migrate.
const MIGRATION_LOCK_KEY = 72_707_001;

export interface MigrationOutcome {
  applied: string[];
  alreadyApplied: number;
}

const checksum = (sql: string) => createHash('sha256').update(sql).digest('hex');

/**
 * Applies the committed migrations that the database has not seen, each in its own transaction.
 * A migration whose file changed after it was applied is refused rather than silently skipped.
 */
export async function applyMigrations(sql: SqlClient, options: { advisoryLock: boolean }): Promise<MigrationOutcome> {
  const migrations = await listMigrations();
  if (options.advisoryLock) await sql.query('SELECT pg_advisory_lock($1)', [MIGRATION_LOCK_KEY]);
  try {
    await sql.exec(HISTORY_TABLE);
    const rows = await sql.query<{ migration_name: string; checksum: string }>(
      'SELECT migration_name, checksum FROM "_prisma_migrations" WHERE finished_at IS NOT NULL AND rolled_back_at IS NULL',
    );
    const done = new Map(rows.map((row) => [row.migration_name, row.checksum]));
    const applied: string[] = [];
    for (const migration of migrations) {
      const previous = done.get(migration.name);
      if (previous !== undefined) {
        if (previous !== checksum(migration.sql)) {
          throw new Error(`Migration ${migration.name} was changed after it was applied; add a new migration instead`);
        }
        continue;
      }
      await sql.transaction(async (tx) => {
        await tx.exec(migration.sql);
        await tx.query(
          `INSERT INTO "_prisma_migrations" (id, checksum, migration_name, finished_at, applied_steps_count)
           VALUES ($1, $2, $3, now(), 1)`,
          [randomUUID(), checksum(migration.sql), migration.name],
        );
      });
      applied.push(migration.name);
    }
    return { applied, alreadyApplied: done.size };
  } finally {
    if (options.advisoryLock) await sql.query('SELECT pg_advisory_unlock($1)', [MIGRATION_LOCK_KEY]);
  }
}
