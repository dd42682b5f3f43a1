import { describe, expect, it } from 'vitest';
import { BinCounts } from '../../../src/domain/analytics/bin-counts.ts';
import { compareHistograms } from '../../../src/domain/analytics/compare-periods.ts';
import type { EndpointHistogram } from '../../../src/domain/analytics/endpoints.ts';
import { binOf } from '../../../src/domain/analytics/latency-bins.ts';

const minutes = (from: string, to: string) => ({ from: new Date(from), to: new Date(to) });
const RANGES = {
  before: minutes('2026-11-28T10:00:00Z', '2026-11-28T11:00:00Z'),
  after: minutes('2026-11-28T11:00:00Z', '2026-11-28T12:00:00Z'),
};

/** 300 requests spread evenly from `lowMs` to `highMs`, as a service sleeping a jittered delay answers. */
function evenly(lowMs: number, highMs: number): EndpointHistogram {
  const bins = new BinCounts();
  let durationSum = 0;
  for (let i = 0; i < 300; i++) {
    const ms = lowMs + ((highMs - lowMs) * i) / 299;
    bins.addBin(binOf(ms), 1);
    durationSum += ms;
  }
  return { method: 'GET', route: '/api/users/:id', count: 300, status4xx: 0, status5xx: 0, durationSum, bins };
}

describe('compareHistograms', () => {
  it('calls a p95 three times slower a regression when the tail ends inside the pooled p95 bin', () => {
    // Every request after is slower than every request before, and the slowest few share the pooled p95's bin.
    const c = compareHistograms({ method: 'GET', route: '/api/users/:id' }, evenly(16, 24), evenly(48, 72), RANGES);
    expect(c.p95Ratio).toBeGreaterThan(2.5);
    expect(c.latency.verdict).toBe('regressed');
  });
});
