import { describe, expect, it } from 'vitest';
import { pairedFloorVerdict, pairedRatios, pairedVerdict } from './paired-ratios.ts';

/** 1, 2, ..., n in a shuffled order: the summary must not depend on the order the pairs ran in. */
const shuffled = (n: number) =>
  Array.from({ length: n }, (_, i) => i + 1).sort((a, b) => ((a * 7919) % n) - ((b * 7919) % n));

describe('the summary of paired ratios', () => {
  it('gives the median and the interquartile range, interpolated between order statistics', () => {
    expect(pairedRatios([9, 13, 11, 10])).toMatchObject({ pairs: 4, median: 10.5, q1: 9.75, q3: 11.5 });
  });

  it('bounds the median by the order statistics of the sign test: the 10th and 21st of 30', () => {
    expect(pairedRatios(shuffled(30))).toMatchObject({ median: 15.5, low: 10, high: 21, resolvable: true });
  });

  it('keeps the interval around the median for thousands of pairs, where 0.5 ** n is 0 in a double', () => {
    // Normal approximation: k ≈ n/2 − 1.96·√n/2, about 1,446 of 3,000 (the exact rank is within one of it).
    const summary = pairedRatios(shuffled(3000));
    expect(summary.low).toBeGreaterThanOrEqual(1445);
    expect(summary.low).toBeLessThanOrEqual(1447);
    expect(summary.high).toBe(3001 - summary.low);
  });

  it('takes the extremes as the interval from 6 pairs, the fewest that reach 95%, and resolves nothing under 6', () => {
    expect(pairedRatios(shuffled(6))).toMatchObject({ low: 1, high: 6, resolvable: true });
    expect(pairedRatios(shuffled(5))).toMatchObject({ low: 1, high: 5, resolvable: false });
  });
});

describe('the verdict of paired ratios on "at least as fast"', () => {
  const around = (centre: number) => Array.from({ length: 30 }, (_, i) => centre + (i - 15) * 0.002);

  it('shows it only when the whole interval is at or above 1', () => {
    expect(pairedVerdict(pairedRatios(around(1.05)))).toMatch(/^shown at least as fast/);
    expect(pairedVerdict(pairedRatios(around(1.0)))).toMatch(/^not resolved \(95% interval 0\.988–1\.010 spans 1\)/);
    expect(pairedVerdict(pairedRatios(around(0.95)))).toMatch(/^shown slower/);
  });

  it('resolves nothing from fewer than 6 pairs, however far from 1 they are', () => {
    expect(pairedVerdict(pairedRatios([2, 2, 2, 2, 2]))).toMatch(/^not resolved: 5 pairs are too few/);
  });
});

describe('the verdict of paired ratios against a floor', () => {
  const around = (centre: number) => Array.from({ length: 30 }, (_, i) => centre + (i - 15) * 0.002);

  it('shows a rate within 10% only when the whole interval is at or above 0.90', () => {
    expect(pairedFloorVerdict(pairedRatios(around(0.95)), 0.9)).toMatch(
      /^shown at or above 0\.90 \(95% interval 0\.938–0\.960\)/,
    );
    expect(pairedFloorVerdict(pairedRatios(around(0.9)), 0.9)).toMatch(
      /^not resolved \(95% interval 0\.888–0\.910 spans 0\.90\)/,
    );
    expect(pairedFloorVerdict(pairedRatios(around(0.85)), 0.9)).toMatch(/^shown below 0\.90/);
  });
});
