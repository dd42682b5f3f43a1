import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestDatabase, DATABASE_KINDS, type TestDatabase } from '../helpers/databases.ts';

const DOUBLED = 'SELECT x * 2 AS doubled FROM unnest($1::int[]) AS x ORDER BY x';

describe.each(DATABASE_KINDS)('statements run with prepareAs on %s', (kind) => {
  let test: TestDatabase;
  beforeAll(async () => {
    test = await createTestDatabase(kind);
  });
  afterAll(() => test.dispose());

  it('answer each run with that run’s parameters', async () => {
    const answers = await test.db.sql.transaction(async (tx) => {
      const runs: number[][] = [];
      for (const values of [[1, 2], [5], [3, 4, 6]]) {
        const rows = await tx.query<{ doubled: number }>(DOUBLED, [values], { prepareAs: 'doubled' });
        runs.push(rows.map((row) => row.doubled));
      }
      return runs;
    });
    expect(answers).toEqual([[2, 4], [10], [6, 8, 12]]);
  });

  it('stay prepared on their connection under that name', async () => {
    const prepared = await test.db.sql.transaction(async (tx) => {
      await tx.query(DOUBLED, [[1]], { prepareAs: 'doubled' });
      return tx.query<{ name: string; statement: string }>('SELECT name, statement FROM pg_prepared_statements');
    });
    expect(prepared).toEqual([{ name: 'doubled', statement: DOUBLED }]);
  });
});
