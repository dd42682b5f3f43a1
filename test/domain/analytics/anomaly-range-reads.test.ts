import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { findAnomalies } from '../../../src/domain/analytics/anomalies.ts';
import type { TrafficScope } from '../../../src/domain/analytics/traffic-scope.ts';
import type { RequestRecord } from '../../../src/domain/ingest/request-record.ts';
import { createTestDatabase, DATABASE_KINDS, type TestDatabase } from '../../helpers/databases.ts';
import { createAccount } from '../../helpers/fixtures.ts';
import { histogramReadSpy } from '../../helpers/histogram-reads.ts';
import { EVERY_RAW_ROW_KEPT, store, trafficFor } from '../../helpers/traffic-data.ts';

const UNTIL = new Date('2026-10-20T00:00:00Z');
const HOUR = 3_600_000;
const RANGE = { from: new Date(UNTIL.getTime() - 48 * HOUR), to: UNTIL };
const HISTORY_HOURS = 30;

describe.each(DATABASE_KINDS)('anomaly reads of the range hours on %s', (kind) => {
  let test: TestDatabase;
  let scope: TrafficScope;

  beforeAll(async () => {
    test = await createTestDatabase(kind);
    const account = await createAccount(test.db, 'anomaly-range-reads', ['production'], ['orders']);
    scope = { environmentId: account.environments.production!, bucketIds: null, rawRetainedFrom: EVERY_RAW_ROW_KEPT };
    const template = trafficFor(account, { seed: 11, requests: 1, days: 1, until: UNTIL })[0]!;
    const first = RANGE.from.getTime() - HISTORY_HOURS * HOUR;
    // 80 requests an hour, enough for every hour to be scored and to serve as a baseline sample.
    const records: RequestRecord[] = Array.from({ length: (HISTORY_HOURS + 48) * 80 }, (_, i) => ({
      ...template,
      environmentId: scope.environmentId,
      publicId: `${template.publicId}-${i}`,
      externalId: null,
      timestamp: new Date(first + Math.floor(i / 80) * HOUR + (i % 80) * 40_000),
      durationMs: 50 + (i % 80),
    }));
    await store(test.db, records);
  });
  afterAll(() => test.dispose());

  it('reads each range hour histogram once when trailing baselines take earlier range hours', async () => {
    const spy = histogramReadSpy(test.db.sql);
    const report = await findAnomalies(spy.sql, scope, RANGE, {
      metric: 'p95',
      endpoint: null,
      sensitivity: 'normal',
    });
    expect(report.points.filter((p) => p.baseline?.kind === 'trailing').length).toBeGreaterThan(24);
    const times = new Map<number, number>();
    for (const hours of spy.reads)
      for (const start of hours) if (start >= RANGE.from.getTime()) times.set(start, (times.get(start) ?? 0) + 1);
    expect(times.size).toBe(48);
    expect([...times.values()].filter((n) => n > 1)).toEqual([]);
  });
});
