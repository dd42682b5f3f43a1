/**
 * The raw SQL path beside Prisma, for what Prisma cannot say well: multi-statement migrations, bulk
 * inserts through unnest(), and analytics aggregates. One interface over PGlite and node-postgres.
 */
export interface SqlClient {
  query<Row extends Record<string, unknown>>(text: string, params?: readonly unknown[]): Promise<Row[]>;
  /** Runs several statements with no parameters (migration files). */
  exec(text: string): Promise<void>;
  /** Runs `work` in one transaction on one connection. */
  transaction<T>(work: (tx: SqlClient) => Promise<T>): Promise<T>;
}
