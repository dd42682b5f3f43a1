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
});
