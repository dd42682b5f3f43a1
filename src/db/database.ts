import { PrismaPg } from '@prisma/adapter-pg';
import { PrismaPGlite } from 'pglite-prisma-adapter';
import { PrismaClient } from '../generated/prisma/client.ts';
import { openPgPool, pgSqlClient } from './pg-client.ts';
import { openPGlite, pgliteSqlClient } from './pglite-client.ts';
import { applyMigrations, type MigrationOutcome } from './migrate.ts';
import type { SqlClient } from './sql-client.ts';

export type DatabaseKind = 'pglite' | 'postgres';

/** One database, two ways in: Prisma for records, `sql` for bulk writes and aggregates. */
export interface Database {
  kind: DatabaseKind;
  prisma: PrismaClient;
  sql: SqlClient;
  /** Where the data lives, for messages (never includes a password). */
  location: string;
  migrate(): Promise<MigrationOutcome>;
  ping(): Promise<boolean>;
  close(): Promise<void>;
}

export interface DatabaseTarget {
  /** postgres://... selects PostgreSQL; otherwise the embedded database in `dataDir` ('memory://' for tests). */
  databaseUrl?: string | undefined;
  dataDir: string;
  maxConnections?: number;
}

function redactedUrl(url: string): string {
  const parsed = new URL(url);
  if (parsed.password) parsed.password = '***';
  return parsed.toString();
}

export async function openDatabase(target: DatabaseTarget): Promise<Database> {
  if (target.databaseUrl) {
    const pool = await openPgPool(target.databaseUrl, target.maxConnections);
    const sql = pgSqlClient(pool);
    const prisma = new PrismaClient({ adapter: new PrismaPg(pool) });
    return {
      kind: 'postgres',
      prisma,
      sql,
      location: redactedUrl(target.databaseUrl),
      migrate: () => applyMigrations(sql, { advisoryLock: true }),
      ping: () => sql.query('SELECT 1').then(() => true, () => false),
      async close() {
        await prisma.$disconnect();
        await pool.end();
      },
    };
  }
  const { pglite, release } = await openPGlite(target.dataDir);
  const sql = pgliteSqlClient(pglite);
  const prisma = new PrismaClient({ adapter: new PrismaPGlite(pglite) });
  return {
    kind: 'pglite',
    prisma,
    sql,
    location: target.dataDir,
    migrate: () => applyMigrations(sql, { advisoryLock: false }),
    ping: () => sql.query('SELECT 1').then(() => true, () => false),
    async close() {
      await prisma.$disconnect();
      await release();
    },
  };
}
