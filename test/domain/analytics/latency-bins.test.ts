import { describe, expect, it } from 'vitest';
import { binOf, binValue, MAX_RELATIVE_ERROR, percentileFromBins } from '../../../src/domain/analytics/latency-bins.ts';
import { Random } from '../../../src/domain/demo/random.ts';
import { exactPercentile } from '../../helpers/traffic-data.ts';

describe('latency bins', () => {
  it('represent every duration within 2% relative error', () => {
    expect(MAX_RELATIVE_ERROR).toBeLessThan(0.02);
    const random = new Random(5);
    for (let i = 0; i < 100_000; i++) {
      const d = 10 ** (random.next() * 8 - 2); // 0.01 ms to 1,000,000 ms
      expect(Math.abs(binValue(binOf(d)) - d) / d).toBeLessThanOrEqual(0.02);
    }
  });

  it('give percentiles within 2% of exact on heavily skewed data', () => {
    const random = new Random(9);
    // 90% fast cache hits, 9% database calls, 1% timeouts near a minute: the shape that breaks averages.
    const durations = Array.from({ length: 50_000 }, () => {
      const roll = random.next();
      if (roll < 0.9) return 2 + random.next() * 3;
      if (roll < 0.99) return 200 * Math.exp(random.normal() * 0.8);
      return 30_000 + random.next() * 30_000;
    }).sort((a, b) => a - b);
    const bins = new Map<number, number>();
    for (const d of durations) bins.set(binOf(d), (bins.get(binOf(d)) ?? 0) + 1);
    for (const p of [0.5, 0.9, 0.95, 0.99, 0.995, 0.999]) {
      const exact = exactPercentile(durations, p);
      const estimate = percentileFromBins(bins, durations.length, p, durations[0]!, durations.at(-1)!)!;
      expect(Math.abs(estimate - exact) / exact).toBeLessThanOrEqual(0.02);
    }
  });
});
