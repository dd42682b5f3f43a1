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
  /**
   * Brings those statistics up to date now and starts counting written rows afresh, so the next refresh
   * comes a whole threshold later (PGlite; PostgreSQL's autovacuum needs no help). A benchmark calls it
   * outside its timings so each timed part meets the same share of this upkeep.
   */
  refreshStatistics(): Promise<void>;
  ping(): Promise<boolean>;
  /**
   * Runs `work` unless another holder of `lockKey` is running it, on this process or (PostgreSQL) on any
   * instance sharing the database: a PostgreSQL session advisory lock, held on a connection of its own so
   * the work itself may use the pool and commit as it goes. Never waits: a busy lock answers `ran: false`.
   */
  exclusively<T>(lockKey: number, work: () => Promise<T>): Promise<ExclusiveOutcome<T>>;
  close(): Promise<void>;
}

export type ExclusiveOutcome<T> = { ran: true; value: T } | { ran: false };

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
      refreshStatistics: async () => {},
      ping: () =>
        sql.query('SELECT 1').then(
          () => true,
          () => false,
        ),
      async exclusively(lockKey, work) {
        const client = await pool.connect();
        try {
          const [row] = (
            await client.query<{ locked: boolean }>('SELECT pg_try_advisory_lock($1) AS locked', [lockKey])
          ).rows;
          if (!row?.locked) return { ran: false };
          try {
            return { ran: true, value: await work() };
          } finally {
            await client.query('SELECT pg_advisory_unlock($1)', [lockKey]);
          }
        } finally {
          client.release();
        }
      },
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
  const heldLocks = new Set<number>();
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
    refreshStatistics: () => statistics.refresh(),
    ping: () =>
      sql.query('SELECT 1').then(
        () => true,
        () => false,
      ),
    // PGlite lives in this one process (the data folder's lock file sees to that): a set of held keys is the whole lock.
    async exclusively(lockKey, work) {
      if (heldLocks.has(lockKey)) return { ran: false };
      heldLocks.add(lockKey);
      try {
        return { ran: true, value: await work() };
      } finally {
        heldLocks.delete(lockKey);
      }
    },
    async close() {
      await prisma.$disconnect();
      await release();
    },
  };
}

// RouteRollup only on the columns its reads filter on: PGlite has no autovacuum to analyze it, and its counts
// arrays make a whole-table ANALYZE cost 160 ms against 54 ms for these, at 10,001 rows (keeper tables: 1.5-1.9 s).
const ANALYZED_TABLES =
  '"Request", "RequestRollup", "LatencyHistogram", "ErrorRollup", "RouteRollup" ("environmentId", "bucketId", "period", "periodStart", "method", "route")';

/** ANALYZE after every growth of a fifth of the table (at least 20,000 rows), as autovacuum would. */
function createStatisticsKeeper(sql: SqlClient) {
  let sinceLast = 0;
  let threshold = 20_000;
  const refresh = async () => {
    sinceLast = 0;
    await sql.exec(`ANALYZE ${ANALYZED_TABLES}`);
    const [row] = await sql.query<{ n: number }>(
      `SELECT reltuples::bigint AS n FROM pg_class WHERE relname = 'Request'`,
    );
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
