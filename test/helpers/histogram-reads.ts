import type { SqlClient } from '../../src/db/sql-client.ts';

/**
 * A SqlClient that passes every statement through and records, per statement, the hours (start in ms) whose
 * latency histogram rows it returned: rows with `t` (epoch seconds) and non-null `counts`, as hourlyCells reads.
 */
export function histogramReadSpy(sql: SqlClient): { sql: SqlClient; reads: Set<number>[] } {
  const reads: Set<number>[] = [];
  const spy: SqlClient = {
    engine: sql.engine,
    async query(text, params, options) {
      const rows = await sql.query(text, params, options);
      const hours = new Set<number>();
      for (const row of rows) if (row.t !== undefined && row.counts != null) hours.add(Number(row.t) * 1000);
      if (hours.size) reads.push(hours);
      return rows as never;
    },
    exec: (text) => sql.exec(text),
    copyRows: (table, columns, rows) => sql.copyRows(table, columns, rows),
    transaction: (work) => sql.transaction(work),
  };
  return { sql: spy, reads };
}
