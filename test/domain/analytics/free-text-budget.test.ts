import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { scanInSlices, withStatementTimeout } from '../../../src/domain/analytics/free-text-budget.ts';
import { FreeTextBudgetExceeded } from '../../../src/domain/analytics/free-text-limits.ts';
import { createTestDatabase, postgresUrl, type TestDatabase } from '../../helpers/databases.ts';

const DAY_MS = 86_400_000;

describe.runIf(postgresUrl)('a free-text search on PostgreSQL', () => {
  let test: TestDatabase;
  beforeAll(async () => {
    test = await createTestDatabase('postgres');
  });
  afterAll(() => test.dispose());

  it('is cancelled by its statement timeout and answers a user error naming what to narrow', async () => {
    const started = Date.now();
    const slow = withStatementTimeout(test.db.sql, 'filter.query', (tx) => tx.query('SELECT pg_sleep(3)'), 200);
    await expect(slow).rejects.toThrow(FreeTextBudgetExceeded);
    await expect(slow).rejects.toThrow(
      /filter\.query: the free-text search took longer than 0.2 s and was stopped; narrow the range/,
    );
    expect(Date.now() - started).toBeLessThan(2_000);
  });

  it('leaves the timeout to its own transaction: the next statement on the pool runs unbounded', async () => {
    await withStatementTimeout(test.db.sql, 'filter.query', (tx) => tx.query('SELECT 1'), 200);
    const rows = await test.db.sql.query<{ setting: string }>(`SELECT current_setting('statement_timeout') AS setting`);
    expect(rows[0]!.setting).toBe('0');
  });
});

describe('a free-text scan in slices (PGlite)', () => {
  const week = { from: new Date(Date.UTC(2026, 0, 1)), to: new Date(Date.UTC(2026, 0, 1) + 7 * DAY_MS) };

  it('stops at its deadline with a user error instead of running on', async () => {
    const slow = scanInSlices(
      week,
      21,
      true,
      'filter.query',
      async () => {
        await new Promise((resolve) => setTimeout(resolve, 20));
        return { rows: [], count: 0 };
      },
      100,
    );
    await expect(slow).rejects.toThrow(FreeTextBudgetExceeded);
  });

  it('walks newest first and stops once the page is full when nothing is counted', async () => {
    const asked: Date[] = [];
    const answer = await scanInSlices(week, 3, false, 'filter.query', async (part, want) => {
      asked.push(part.to);
      return {
        rows: Array.from({ length: Math.min(want, 2) }, (_, i) => `${part.to.toISOString()}#${i}`),
        count: null,
      };
    });
    expect(answer.rows).toHaveLength(3);
    expect(asked[0]).toEqual(week.to);
    expect(asked).toHaveLength(2);
    expect(answer.count).toBeNull();
  });

  it('covers the whole range exactly once, adding up the count of every slice', async () => {
    let covered = 0;
    const answer = await scanInSlices(week, 1, true, 'filter.query', async (part) => {
      covered += part.to.getTime() - part.from.getTime();
      return { rows: [], count: 1 };
    });
    expect(covered).toBe(7 * DAY_MS);
    expect(answer.count).toBeGreaterThan(1);
  });

  it('narrows its slices when one holds the thread longer than its target', async () => {
    const widths: number[] = [];
    await scanInSlices(week, 1, false, 'filter.query', async (part) => {
      widths.push(part.to.getTime() - part.from.getTime());
      const until = Date.now() + 100;
      while (Date.now() < until);
      return { rows: widths.length > 2 ? ['row', 'row'] : [], count: null };
    });
    expect(widths[1]).toBeLessThan(widths[0]!);
    expect(widths[2]).toBeLessThan(widths[1]!);
  });
});
