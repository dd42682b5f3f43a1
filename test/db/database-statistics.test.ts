import { afterEach, describe, expect, it } from 'vitest';
import { createTestDatabase, type TestDatabase } from '../helpers/databases.ts';

async function analyzeCount(test: TestDatabase, table = 'Request'): Promise<number> {
  const [row] = await test.db.sql.query<{ n: number }>(
    `SELECT analyze_count::int AS n FROM pg_stat_user_tables WHERE relname = $1`,
    [table],
  );
  return row!.n;
}

describe('PGlite statistics upkeep', () => {
  let test: TestDatabase | undefined;
  afterEach(async () => {
    await test?.dispose();
    test = undefined;
  });

  it('refreshStatistics analyzes the traffic tables at once', async () => {
    test = await createTestDatabase('pglite');
    const before = await analyzeCount(test);
    await test.db.refreshStatistics();
    expect(await analyzeCount(test)).toBe(before + 1);
  });

  it('refreshStatistics analyzes route rollups, which endpoints and filtered reads plan on', async () => {
    test = await createTestDatabase('pglite');
    const before = await analyzeCount(test, 'RouteRollup');
    await test.db.refreshStatistics();
    expect(await analyzeCount(test, 'RouteRollup')).toBe(before + 1);
  });

  it('rows noted before refreshStatistics no longer count toward the next ANALYZE', async () => {
    test = await createTestDatabase('pglite');
    await test.db.noteBulkWrite(15_000);
    await test.db.refreshStatistics();
    const afterRefresh = await analyzeCount(test);
    await test.db.noteBulkWrite(15_000);
    expect(await analyzeCount(test)).toBe(afterRefresh);
  });
});
