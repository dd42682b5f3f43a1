import { describe, expect, it } from 'vitest';
import { binOf } from '../../../src/domain/analytics/latency-bins.ts';
import { rollupDeltas } from '../../../src/domain/ingest/rollup-deltas.ts';
import {
  ALL_BUCKETS,
  ERROR_PERIODS,
  HISTOGRAM_PERIODS,
  ROLLUP_PERIODS,
} from '../../../src/domain/ingest/rollup-periods.ts';
import type { RequestRecord } from '../../../src/domain/ingest/request-record.ts';

const record = (overrides: Partial<RequestRecord>): RequestRecord => ({
  publicId: 'req_1',
  externalId: null,
  accountId: 'acc',
  environmentId: 'env-a',
  bucketId: 'orders',
  timestamp: new Date('2026-11-01T10:07:30.500Z'),
  method: 'GET',
  url: 'https://a.example/x',
  host: 'a.example',
  path: '/x',
  route: '/x',
  query: null,
  status: 200,
  durationMs: 12,
  requestHeaders: {},
  requestBody: null,
  requestBodyTruncated: false,
  requestSize: 0,
  responseHeaders: {},
  responseBody: null,
  responseBodyTruncated: false,
  responseSize: 0,
  clientIp: null,
  userAgent: null,
  blocked: false,
  blockedReason: null,
  ...overrides,
});

describe('rollup deltas of a batch', () => {
  it('count each record in its bucket and in all buckets, for every period, from the period start', () => {
    const { rollups } = rollupDeltas([record({ status: 503, blocked: true, durationMs: 40 })]);
    expect(rollups).toHaveLength(ROLLUP_PERIODS.length * 2);
    const minute = rollups.filter((r) => r.period === 60);
    expect(minute.map((r) => r.bucketId).sort()).toEqual([ALL_BUCKETS, 'orders'].sort());
    expect(minute[0]).toMatchObject({
      periodStart: new Date('2026-11-01T10:07:00Z'),
      count: 1,
      byStatusClass: [0, 0, 0, 0, 1],
      blocked: 1,
      durationSum: 40,
      durationMin: 40,
      durationMax: 40,
    });
    expect(rollups.find((r) => r.period === 86400)!.periodStart).toEqual(new Date('2026-11-01T00:00:00Z'));
  });

  it('merge minutes into longer periods: sums, extremes and bins of several records', () => {
    const batch = [
      record({ durationMs: 5, timestamp: new Date('2026-11-01T10:01:00Z') }),
      record({ durationMs: 500, timestamp: new Date('2026-11-01T10:14:59Z'), status: 404 }),
      record({ durationMs: 5, timestamp: new Date('2026-11-01T10:16:00Z') }),
    ];
    const { rollups, histograms } = rollupDeltas(batch);
    const quarter = rollups.find(
      (r) =>
        r.period === 900 && r.bucketId === 'orders' && r.periodStart.getTime() === Date.parse('2026-11-01T10:00:00Z'),
    )!;
    expect(quarter).toMatchObject({
      count: 2,
      byStatusClass: [0, 1, 0, 1, 0],
      durationSum: 505,
      durationMin: 5,
      durationMax: 500,
    });
    const hour = histograms.find((h) => h.period === 3600 && h.bucketId === ALL_BUCKETS)!;
    expect(hour.firstBin).toBe(binOf(5));
    expect(hour.counts[0]).toBe(2);
    expect(hour.counts[binOf(500) - binOf(5)]).toBe(1);
    expect(hour.counts.reduce((a, b) => a + b, 0)).toBe(3);
    expect(histograms.every((h) => (HISTOGRAM_PERIODS as readonly number[]).includes(h.period))).toBe(true);
  });

  it('add route rows per bucket only, in hours and days, with none under all buckets', () => {
    const { routes } = rollupDeltas([
      record({ bucketId: 'orders', durationMs: 5 }),
      record({ bucketId: 'billing', durationMs: 50, status: 503 }),
    ]);
    expect(routes.map((r) => [r.bucketId, r.period, r.count, r.status5xx])).toEqual([
      ['billing', 3600, 1, 1],
      ['orders', 3600, 1, 0],
      ['billing', 86400, 1, 1],
      ['orders', 86400, 1, 0],
    ]);
  });

  it('count errors only from 400 up, per method, route and status, in the error periods', () => {
    const { errors } = rollupDeltas([
      record({ status: 404 }),
      record({ status: 404 }),
      record({ status: 500, route: '/y' }),
      record({ status: 302 }),
    ]);
    expect(new Set(errors.map((e) => e.period))).toEqual(new Set(ERROR_PERIODS));
    const minute = errors.filter((e) => e.period === 60 && e.bucketId === 'orders');
    expect(minute.map(({ route, status, count }) => ({ route, status, count }))).toEqual([
      { route: '/x', status: 404, count: 2 },
      { route: '/y', status: 500, count: 1 },
    ]);
  });

  it('list cells in one order (environment, period, start, bucket), so concurrent batches lock them alike', () => {
    const batch = [
      record({ environmentId: 'env-b', bucketId: 'b2', timestamp: new Date('2026-11-01T10:09:00Z') }),
      record({ environmentId: 'env-a', bucketId: 'b2', timestamp: new Date('2026-11-01T10:08:00Z') }),
      record({ environmentId: 'env-a', bucketId: 'b1', timestamp: new Date('2026-11-01T10:08:00Z') }),
      record({ environmentId: 'env-a', bucketId: 'b1', timestamp: new Date('2026-11-01T10:02:00Z') }),
    ];
    const keys = rollupDeltas(batch).rollups.map(
      (r) => [r.environmentId, r.period, r.periodStart.getTime(), r.bucketId] as const,
    );
    const sorted = [...keys].sort((x, y) =>
      x[0] < y[0] ? -1 : x[0] > y[0] ? 1 : x[1] - y[1] || x[2] - y[2] || (x[3] < y[3] ? -1 : x[3] > y[3] ? 1 : 0),
    );
    expect(keys).toEqual(sorted);
    expect(
      rollupDeltas([...batch].reverse()).rollups.map((r) => [
        r.environmentId,
        r.period,
        r.periodStart.getTime(),
        r.bucketId,
      ]),
    ).toEqual(keys);
  });
});
