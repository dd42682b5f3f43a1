import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { binOf, binValue, MAX_RELATIVE_ERROR } from '../../../src/domain/analytics/latency-bins.ts';
import { responseTimes } from '../../../src/domain/analytics/response-times.ts';
import { Random } from '../../../src/domain/demo/random.ts';
import { createTestDatabase, DATABASE_KINDS, type TestDatabase } from '../../helpers/databases.ts';
import { createAccount, type TestAccount } from '../../helpers/fixtures.ts';
import { exactPercentile, store, trafficFor, EVERY_RAW_ROW_KEPT } from '../../helpers/traffic-data.ts';

describe('latency bins', () => {
  it('represent every duration within 2% relative error', () => {
    expect(MAX_RELATIVE_ERROR).toBeLessThan(0.02);
    const random = new Random(5);
    for (let i = 0; i < 100_000; i++) {
      const d = 10 ** (random.next() * 8 - 2); // 0.01 ms to 1,000,000 ms
      expect(Math.abs(binValue(binOf(d)) - d) / d).toBeLessThanOrEqual(0.02);
    }
  });
});

describe.each(DATABASE_KINDS)('percentiles on heavily skewed data (%s)', (kind) => {
  let test: TestDatabase;
  let account: TestAccount;
  let durations: number[];
  const until = new Date('2026-10-02T00:00:00Z');

  beforeAll(async () => {
    test = await createTestDatabase(kind);
    account = await createAccount(test.db, 'skew', ['production'], ['api']);
    const random = new Random(9);
    // 90% fast cache hits, 9% database calls, 1% timeouts near a minute: the shape that breaks averages.
    const records = trafficFor(account, { seed: 9, requests: 20_000, days: 1, until }).map((r) => {
      const roll = random.next();
      const durationMs =
        roll < 0.9
          ? 2 + random.next() * 3
          : roll < 0.99
            ? 200 * Math.exp(random.normal() * 0.8)
            : 30_000 + random.next() * 30_000;
      return {
        ...r,
        environmentId: account.environments.production!,
        bucketId: account.buckets.api!,
        durationMs: Math.round(durationMs * 1000) / 1000,
      };
    });
    await store(test.db, records);
    durations = records.map((r) => r.durationMs).sort((a, b) => a - b);
  });
  afterAll(() => test.dispose());

  it.each([900, 3600, 21_600, 86_400, 300, 60])(
    'are within 2 percent of exact over a day at %is intervals',
    async (interval) => {
      const series = await responseTimes(
        test.db.sql,
        { environmentId: account.environments.production!, bucketIds: null, rawRetainedFrom: EVERY_RAW_ROW_KEPT },
        { from: new Date(until.getTime() - 86_400_000), to: until },
        interval,
      );
      expect(series.overall.count).toBe(durations.length);
      for (const [key, p] of [
        ['p50Ms', 0.5],
        ['p95Ms', 0.95],
        ['p99Ms', 0.99],
      ] as const) {
        const exact = exactPercentile(durations, p);
        expect(
          Math.abs(series.overall[key]! - exact) / exact,
          `${key}: ${series.overall[key]} vs ${exact}`,
        ).toBeLessThanOrEqual(0.02);
      }
    },
  );
});
