import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestDatabase, DATABASE_KINDS, type TestDatabase } from '../helpers/databases.ts';

describe.runIf(DATABASE_KINDS.includes('postgres'))('the PostgreSQL sessions the service opens', () => {
  let test: TestDatabase;
  beforeAll(async () => {
    test = await createTestDatabase('postgres');
  });
  afterAll(() => test.dispose());

  it('plan without JIT compilation or parallel workers, on every pooled connection', async () => {
    // Several at once, so the pool opens several connections.
    const settings = await Promise.all(
      Array.from({ length: 4 }, () =>
        test.db.sql.query<{ jit: string; workers: string }>(
          `SELECT current_setting('jit') AS jit, current_setting('max_parallel_workers_per_gather') AS workers, pg_sleep(0.05)::text`,
        ),
      ),
    );
    expect(settings.map((rows) => [rows[0]!.jit, rows[0]!.workers])).toEqual(Array(4).fill(['off', '0']));
  });
});
