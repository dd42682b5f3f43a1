import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { readPurgedBefore, recordPurgeCutoffs } from '../../../src/domain/retention/purged-before.ts';
import { runPurge } from '../../../src/domain/retention/run-purge.ts';
import { createTestDatabase, DATABASE_KINDS, type TestDatabase } from '../../helpers/databases.ts';

const DAY_MS = 86_400_000;
const at = (iso: string) => new Date(iso);

describe.each(DATABASE_KINDS)('the cut-offs purges applied, on %s', (kind) => {
  let test: TestDatabase;

  beforeAll(async () => {
    test = await createTestDatabase(kind);
  });
  afterAll(() => test.dispose());

  it('reads nothing purged before the first purge', async () => {
    expect(await readPurgedBefore(test.db.sql)).toEqual({ requestsBefore: null, rollupsBefore: null });
  });

  it('records the cut-offs a purge applied', async () => {
    const now = new Date();
    const run = await runPurge(test.db, { rawDays: 30, rollupDays: 400 }, now);
    expect(run.ran).toBe(true);
    expect(await readPurgedBefore(test.db.sql)).toEqual({
      requestsBefore: new Date(now.getTime() - 30 * DAY_MS),
      rollupsBefore: new Date(now.getTime() - 400 * DAY_MS),
    });
  });

  it('keeps the later cut-off of each kind when a purge under a longer retention records earlier ones', async () => {
    await recordPurgeCutoffs(test.db.sql, {
      requestsBefore: at('2030-01-02T00:00:00.000Z'),
      rollupsBefore: at('2029-01-01T00:00:00.000Z'),
    });
    await recordPurgeCutoffs(test.db.sql, {
      requestsBefore: at('2030-01-01T00:00:00.000Z'),
      rollupsBefore: at('2029-06-01T00:00:00.000Z'),
    });
    expect(await readPurgedBefore(test.db.sql)).toEqual({
      requestsBefore: at('2030-01-02T00:00:00.000Z'),
      rollupsBefore: at('2029-06-01T00:00:00.000Z'),
    });
  });
});
