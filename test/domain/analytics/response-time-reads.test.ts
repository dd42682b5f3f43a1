import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { planSegments } from '../../../src/domain/analytics/period-plan.ts';
import { fromRollups } from '../../../src/domain/analytics/response-time-reads.ts';
import { rollupScopeConditions } from '../../../src/domain/analytics/sql-params.ts';
import { HISTOGRAM_PERIODS } from '../../../src/domain/ingest/rollup-periods.ts';
import { createTestDatabase, type TestDatabase } from '../../helpers/databases.ts';
import { createAccount } from '../../helpers/fixtures.ts';
import { EVERY_RAW_ROW_KEPT } from '../../helpers/traffic-data.ts';

describe('response times from rollups', () => {
  let test: TestDatabase;
  let environmentId: string;

  beforeAll(async () => {
    test = await createTestDatabase('pglite');
    environmentId = (await createAccount(test.db, 'reads', ['production'], ['orders'])).environments.production!;
  });
  afterAll(() => test.dispose());

  it('refuses segments with raw rows to subtract, which it would add', async () => {
    const from = new Date('2026-11-03T10:04:00Z');
    const segments = planSegments(from, new Date('2026-11-03T14:00:00Z'), HISTOGRAM_PERIODS, {
      subtractBeforeStart: true,
      rawRetainedFrom: EVERY_RAW_ROW_KEPT,
    });
    expect(segments.some((segment) => segment.subtracted)).toBe(true);
    const tables = {
      cells: '"LatencyHistogram"',
      totals: '"RequestRollup"',
      scope: rollupScopeConditions,
      conditions: () => [],
    } as const;
    await expect(
      fromRollups(
        test.db.sql,
        { environmentId, bucketIds: null, rawRetainedFrom: EVERY_RAW_ROW_KEPT },
        segments,
        3600,
        tables,
        null,
      ),
    ).rejects.toThrow(/subtracted/);
  });
});
