import { describe, expect, it } from 'vitest';
import { BinCounts } from '../../../src/domain/analytics/bin-counts.ts';
import { Random } from '../../../src/domain/demo/random.ts';

describe('BinCounts', () => {
  it('ranks nearest-rank percentiles over merged cells like a sorted list of bins does', () => {
    const random = new Random(3);
    const bins: number[] = [];
    const counts = new BinCounts();
    for (let c = 0; c < 40; c++) {
      const lo = random.int(-20, 200);
      const cell = Array.from({ length: random.int(1, 60) }, () => (random.next() < 0.3 ? 0 : random.int(1, 50)));
      for (const [i, n] of cell.entries()) bins.push(...Array<number>(n).fill(lo + i));
      counts.addCell(lo, cell);
    }
    bins.sort((a, b) => a - b);
    const ps = [0.01, 0.5, 0.95, 0.99, 1];
    expect(counts.percentileBins(ps)).toEqual(ps.map((p) => bins[Math.ceil(p * bins.length) - 1]));
  });

  it('has no percentiles when empty and treats null counts as zero', () => {
    expect(new BinCounts().percentileBins([0.5])).toEqual([null]);
    const counts = new BinCounts();
    counts.addCell(10, [null, 0, 2]);
    expect(counts.percentileBins([0.5, 0.99])).toEqual([12, 12]);
  });

  it('counts every bin alike wherever cells, single bins and other histograms extend it', () => {
    const random = new Random(11);
    const reference = new Map<number, number>();
    const add = (bin: number, n: number) => reference.set(bin, (reference.get(bin) ?? 0) + n);
    const counts = new BinCounts();
    for (let step = 0; step < 300; step++) {
      const lo = random.int(-176, 400);
      const kind = random.int(0, 2);
      if (kind === 0) {
        const cell = Array.from({ length: random.int(1, 40) }, () => random.int(0, 9));
        for (const [i, n] of cell.entries()) add(lo + i, n);
        counts.addCell(lo, cell);
      } else if (kind === 1) {
        const n = random.int(1, 9);
        add(lo, n);
        counts.addBin(lo, n);
      } else {
        const other = new BinCounts();
        const n = random.int(1, 9);
        other.addBin(lo, n);
        other.addCell(lo + 3, [n, 0, n]);
        add(lo, n);
        add(lo + 3, n);
        add(lo + 5, n);
        counts.addAll(other);
      }
    }
    const total = [...reference.values()].reduce((a, b) => a + b, 0);
    expect(counts.count).toBe(total);
    for (const bin of [-200, -176, 0, 57, 233, 401, 450]) {
      expect(counts.countIn(bin)).toBe(reference.get(bin) ?? 0);
      const above = [...reference].filter(([b]) => b > bin).reduce((sum, [, n]) => sum + n, 0);
      expect(counts.countAbove(bin)).toBe(above);
    }
  });
});
