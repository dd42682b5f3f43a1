/**
 * The raw SQL path beside Prisma, for what Prisma cannot say well: multi-statement migrations, bulk
 * inserts through COPY, and analytics aggregates. One interface over PGlite and node-postgres.
 */
export interface SqlClient {
  /** PGlite runs inside this process's one thread; PostgreSQL runs beside it and has statement timeouts. */
  readonly engine: 'pglite' | 'postgresql';
  query<Row extends Record<string, unknown>>(
    text: string,
    params?: readonly unknown[],
    options?: QueryOptions,
  ): Promise<Row[]>;
  /** Runs several statements with no parameters (migration files). */
  exec(text: string): Promise<void>;
  /**
   * Loads rows given in COPY text format (copy-text.ts) into `table`'s `columns`: the fastest way into
   * PostgreSQL (Request rows measured here: 27,600/s against 11,100/s for INSERT ... SELECT FROM unnest()).
   * COPY cannot skip a conflicting row: a unique violation fails the whole statement.
   */
  copyRows(table: string, columns: readonly string[], rows: string): Promise<void>;
  /** Runs `work` in one transaction on one connection. */
  transaction<T>(work: (tx: SqlClient) => Promise<T>): Promise<T>;
}

/** How to run one statement. */
export interface QueryOptions {
  /**
   * Keeps the statement prepared under this name on each connection (PGlite has one), so repeated runs skip
   * parsing and, once PostgreSQL settles on a generic plan, planning. One name per statement text.
   */
  prepareAs?: string;
}
