import type { Database } from '../../src/db/database.ts';
import type { SqlClient } from '../../src/db/sql-client.ts';
import { createGraphQLHarness } from '../helpers/graphql-harness.ts';
import { ANALYTICS_QUERIES, anchoredQuery } from './analytics-bench.ts';
import { median } from './bench-database.ts';

/** One statement's timings (client side, ms) over the timed runs of a query, with the first parameters and rows seen. */
export interface StatementTimings {
  params: readonly unknown[];
  rows: number;
  ms: number[];
}

export const TIMED_RUNS = 9;

/**
 * Runs bench queries (ANALYTICS_QUERIES by name) with their range ending at `until` instead of now, 3 warm-up runs
 * then TIMED_RUNS timed, and hands each query's median and the statements it sent, timed as the client sees them
 * (statements sent concurrently include their wait for each other). For the probes that explain a bench figure.
 */
export async function timeStatements(
  db: Database,
  until: Date,
  queryNames: readonly string[],
  report: (queryName: string, medianMs: number, statements: Map<string, StatementTimings>) => Promise<void>,
): Promise<void> {
  let statements = new Map<string, StatementTimings>();
  let recordingOn = false;
  const recording: SqlClient = {
    ...db.sql,
    async query(text, params = []) {
      const started = performance.now();
      const rows = await db.sql.query(text, params);
      if (recordingOn) {
        const seen = statements.get(text) ?? { params, rows: rows.length, ms: [] };
        seen.ms.push(performance.now() - started);
        statements.set(text, seen);
      }
      return rows as never;
    },
  };
  const harness = await createGraphQLHarness({ ...db, sql: recording });
  for (const queryName of queryNames) {
    const query = anchoredQuery(ANALYTICS_QUERIES[queryName]!, until);
    statements = new Map();
    for (let i = 0; i < 3; i++) await harness.execute(query);
    recordingOn = true;
    const timings: number[] = [];
    for (let i = 0; i < TIMED_RUNS; i++) {
      const started = performance.now();
      const result = await harness.execute(query);
      if (result.errors) throw new Error(`${queryName}: ${result.errors[0]!.message}`);
      timings.push(performance.now() - started);
    }
    recordingOn = false;
    await report(queryName, median(timings), statements);
  }
}

/**
 * A timeStatements report that prints each query's median, then each statement's client-side median with its
 * EXPLAIN (ANALYZE, BUFFERS) on PostgreSQL: where a query's time goes, statement by statement.
 */
export function explainEach(db: Database, label: string): Parameters<typeof timeStatements>[3] {
  return async (queryName, medianMs, statements) => {
    console.log(`\n===== ${label} ${queryName}: median ${medianMs.toFixed(1)} ms`);
    for (const [text, { params, ms }] of statements) {
      const plan = await db.sql.query<{ 'QUERY PLAN': string }>(`EXPLAIN (ANALYZE, BUFFERS) ${text}`, params);
      console.log(
        `\n--- median ${median(ms).toFixed(2)} ms x${ms.length / TIMED_RUNS}`,
        JSON.stringify(params),
        '\n',
        text,
      );
      console.log(plan.map((row) => row['QUERY PLAN']).join('\n'));
    }
  };
}
