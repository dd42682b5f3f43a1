import { describe, expect, it } from 'vitest';
import { chooseInterval, MAX_AUTO_PERCENTILE_POINTS } from '../../../src/domain/time/time-range.ts';

const HOUR = 3_600_000;
const span = (hours: number) => ({ from: new Date(0), to: new Date(hours * HOUR) });

describe('chooseInterval', () => {
  it.each([
    [1, '1m'],
    [24, '15m'],
    [7 * 24, '1h'],
    [30 * 24, '6h'],
    [90 * 24, '1d'],
  ])('keeps a %i-hour series at or under 200 points (%s)', (hours, expected) => {
    expect(chooseInterval(span(hours)).label).toBe(expected);
  });

  it.each([
    [1, '5m'],
    [24, '1h'],
    [7 * 24, '6h'],
    [30 * 24, '1d'],
  ])('keeps a %i-hour percentile series at or under 48 points (%s)', (hours, expected) => {
    expect(chooseInterval(span(hours), MAX_AUTO_PERCENTILE_POINTS).label).toBe(expected);
  });
});
