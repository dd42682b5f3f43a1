import { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import pg from 'pg';
import { from as copyFrom } from 'pg-copy-streams';
import { ConfigurationError } from '../errors.ts';
import { copyStatement } from './copy-statement.ts';
import type { QueryOptions, SqlClient } from './sql-client.ts';

type Queryable = Pick<pg.Pool, 'query'> | pg.PoolClient;

async function copyOn(client: pg.PoolClient, table: string, columns: readonly string[], rows: string): Promise<void> {
  await pipeline(Readable.from([rows]), client.query(copyFrom(`${copyStatement(table, columns)} FROM STDIN`)));
}

function wrap(db: Queryable, pool: pg.Pool): SqlClient {
  return {
    engine: 'postgresql',
    async query<Row extends Record<string, unknown>>(
      text: string,
      params: readonly unknown[] = [],
      { prepareAs }: QueryOptions = {},
    ) {
      const result = await db.query<Row>({
        text,
        values: params as unknown[],
        ...(prepareAs ? { name: prepareAs } : {}),
      });
      return result.rows;
    },
    async exec(text: string) {
      await db.query(text);
    },
    async copyRows(table, columns, rows) {
      if (db !== pool) return copyOn(db as pg.PoolClient, table, columns, rows);
      // COPY streams over one connection; outside a transaction borrow one for the statement.
      const client = await pool.connect();
      try {
        await copyOn(client, table, columns, rows);
      } finally {
        client.release();
      }
    },
    async transaction(work) {
      if (db !== pool) return work(wrap(db, pool));
      const client = await pool.connect();
      try {
        await client.query('BEGIN');
        const result = await work(wrap(client, pool));
        await client.query('COMMIT');
        return result;
      } catch (error) {
        await client.query('ROLLBACK').catch(() => {});
        throw error;
      } finally {
        client.release();
      }
    },
  };
}

export function pgSqlClient(pool: pg.Pool): SqlClient {
  return wrap(pool, pool);
}

function describeTarget(url: string): string {
  const parsed = new URL(url);
  return `${parsed.hostname}:${parsed.port || '5432'}${parsed.pathname}`;
}

/** A pool that has proven it can reach the server, so a wrong DATABASE_URL fails at start, not at first query. */
export async function openPgPool(databaseUrl: string, maxConnections = 10): Promise<pg.Pool> {
  const pool = new pg.Pool({ connectionString: databaseUrl, max: maxConnections, connectionTimeoutMillis: 5000 });
  // An idle client's error (server restarted) must not crash the process; the pool replaces the client.
  pool.on('error', () => {});
  // Every statement this service sends reads a bounded number of rows (rollup cells, the minutes at a range's ends,
  // one page). At that size parallel workers and JIT compilation cost more than the work they speed up: a Gather
  // took a 7-day endpoints cell read from about 10 ms to 28, and JIT compiled a never-executed fallback branch for
  // 20 ms (BENCHMARKS run 61; run 38 split statements to dodge a Parallel Append). Queued before the client's
  // first query, so no statement runs without them.
  pool.on('connect', (client) => {
    client.query('SET jit = off; SET max_parallel_workers_per_gather = 0').catch(() => {});
  });
  try {
    await pool.query('SELECT 1');
  } catch (error) {
    await pool.end().catch(() => {});
    const reason = (error as NodeJS.ErrnoException).code ?? (error as Error).message;
    throw new ConfigurationError(
      `Cannot reach the database in DATABASE_URL (${describeTarget(databaseUrl)}): ${reason}`,
    );
  }
  return pool;
}
