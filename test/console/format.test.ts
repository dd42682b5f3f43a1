import { describe, expect, it } from 'vitest';
import { formatCount, formatMs, formatNumber, formatPercent, formatTick } from '../../src/console/format.ts';

describe('the console number format', () => {
  it('groups thousands and keeps decimals only where they matter', () => {
    expect([
      formatNumber(12065),
      formatNumber(419.6),
      formatNumber(3.46),
      formatNumber(0.042),
      formatNumber(2),
    ]).toEqual(['12,065', '420', '3.5', '0.04', '2']);
  });

  it('writes counts, milliseconds and rates the same way everywhere', () => {
    expect(formatCount(1976.4)).toBe('1,976');
    expect(formatCount('9007199254740993')).toBe('9,007,199,254,740,993');
    expect(formatMs(1976.4)).toBe('1,976 ms');
    expect(formatMs(null)).toBe('—');
    expect(formatPercent(0.0412)).toBe('4.1%');
    expect(formatPercent(0.00042)).toBe('0.04%');
  });

  it('gives axis ticks the decimals their step needs', () => {
    expect([0, 0.25, 0.5].map((v) => formatTick(v, 0.25))).toEqual(['0', '0.25', '0.5']);
    expect(formatTick(2000, 500)).toBe('2,000');
  });
});
