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
  /**
   * Tells the database that `rows` requests were just written. PGlite runs no autovacuum, so without
   * fresh statistics its planner keeps plans made for an empty table; this refreshes them as data grows.
   */
  noteBulkWrite(rows: number): Promise<void>;
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
      // PostgreSQL's autovacuum keeps statistics fresh by itself.
      noteBulkWrite: async () => {},
      ping: () => sql.query('SELECT 1').then(() => true, () => false),
      async close() {
        await prisma.$disconnect();
        await pool.end();
      },
    };
  }
  const { pglite, release } = await openPGlite(target.dataDir);
  const sql = pgliteSqlClient(pglite);
  const statistics = createStatisticsKeeper(sql);
  const prisma = new PrismaClient({ adapter: new PrismaPGlite(pglite) });
  return {
    kind: 'pglite',
    prisma,
    sql,
    location: target.dataDir,
    async migrate() {
      const outcome = await applyMigrations(sql, { advisoryLock: false });
      await statistics.refresh();
      return outcome;
    },
    noteBulkWrite: (rows) => statistics.note(rows),
    ping: () => sql.query('SELECT 1').then(() => true, () => false),
    async close() {
      await prisma.$disconnect();
      await release();
    },
  };
}

const ANALYZED_TABLES = '"Request", "RequestRollup", "LatencyHistogram", "ErrorRollup"';

/** ANALYZE after every growth of a fifth of the table (at least 20,000 rows), as autovacuum would. */
function createStatisticsKeeper(sql: SqlClient) {
  let sinceLast = 0;
  let threshold = 20_000;
  const refresh = async () => {
    sinceLast = 0;
    await sql.exec(`ANALYZE ${ANALYZED_TABLES}`);
    const [row] = await sql.query<{ n: number }>(`SELECT reltuples::bigint AS n FROM pg_class WHERE relname = 'Request'`);
    threshold = Math.max(20_000, Math.floor(Number(row?.n ?? 0) / 5));
  };
  return {
    refresh,
    async note(rows: number) {
      sinceLast += rows;
      if (sinceLast >= threshold) await refresh();
    },
  };
}
