import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { binSql } from '../../../src/domain/analytics/latency-bins.ts';
import { rangeHistogram } from '../../../src/domain/analytics/range-histogram.ts';
import type { TrafficScope } from '../../../src/domain/analytics/traffic-scope.ts';
import { createTestDatabase, DATABASE_KINDS, type TestDatabase } from '../../helpers/databases.ts';
import { createAccount } from '../../helpers/fixtures.ts';
import { EVERY_RAW_ROW_KEPT, store, trafficFor } from '../../helpers/traffic-data.ts';

const UNTIL = new Date('2026-11-20T12:00:00Z');
const minutesBefore = (minutes: number) => new Date(UNTIL.getTime() - minutes * 60_000);

describe.each(DATABASE_KINDS)('rangeHistogram, on %s', (kind) => {
  let test: TestDatabase;
  let scope: TrafficScope;

  beforeAll(async () => {
    test = await createTestDatabase(kind);
    const account = await createAccount(test.db, 'range-histogram', ['production'], ['orders']);
    await store(test.db, trafficFor(account, { seed: 13, requests: 3000, days: 1, until: UNTIL }));
    scope = { environmentId: account.environments.production!, bucketIds: null, rawRetainedFrom: EVERY_RAW_ROW_KEPT };
  });
  afterAll(() => test.dispose());

  it('counts every bin as the raw rows do when the range ends a minute before its quarter ends', async () => {
    // Traffic goes on after the end, so the end is read as its quarter minus the minute after it.
    const range = { from: minutesBefore(20 * 60 + 31), to: minutesBefore(2 * 60 + 31) };
    const rows = await test.db.sql.query<{ bin: number; n: number }>(
      `SELECT ${binSql('"durationMs"')}::int AS bin, count(*)::int AS n FROM "Request"
       WHERE "environmentId" = $1 AND "timestamp" >= $2 AND "timestamp" < $3 GROUP BY 1`,
      [scope.environmentId, range.from, range.to],
    );
    const histogram = await rangeHistogram(test.db.sql, scope, range);
    expect(Object.fromEntries(rows.map((row) => [row.bin, histogram.bins.countIn(Number(row.bin))]))).toEqual(
      Object.fromEntries(rows.map((row) => [row.bin, Number(row.n)])),
    );
    expect(histogram.bins.count).toBe(rows.reduce((sum, row) => sum + Number(row.n), 0));
  });
});
