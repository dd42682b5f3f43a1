import { describe, expect, it } from 'vitest';
import { resolveTimeRange } from '../../src/domain/time/time-range.ts';
import {
  ANALYTICS_QUERIES,
  analyticsTable,
  anchoredQuery,
  benchAnalytics,
  benchAnchor,
  ceilingVerdict,
  pairOrder,
  summarisePairs,
} from './analytics-bench.ts';
import { pairedRatios } from './paired-ratios.ts';

describe('the analytics bench anchor', () => {
  it('is half past the hour minus a minute when the bench starts after it', () => {
    expect(benchAnchor(new Date('2026-11-28T08:47:12.345Z')).toISOString()).toBe('2026-11-28T08:29:00.000Z');
  });

  it('is in the previous hour when the bench starts before minute 29', () => {
    expect(benchAnchor(new Date('2026-11-28T00:07:30Z')).toISOString()).toBe('2026-11-27T23:29:00.000Z');
  });

  it('is the start itself when the bench starts exactly on it', () => {
    expect(benchAnchor(new Date('2026-11-28T08:29:00Z')).toISOString()).toBe('2026-11-28T08:29:00.000Z');
  });
});

describe('an anchored bench query', () => {
  const until = new Date('2026-11-28T08:29:00Z');

  it('ends every range of every bench query at the anchor', () => {
    for (const [name, query] of Object.entries(ANALYTICS_QUERIES)) {
      const anchored = anchoredQuery(query, until);
      const spans = [...query.matchAll(/since: "([^"]+)"/g)].length;
      expect(spans, name).toBeGreaterThan(0);
      expect(anchored.split(`to: "${until.toISOString()}"`).length - 1, name).toBe(spans);
    }
  });

  it('keeps the span it was given, read as a range ending at the anchor', () => {
    const [, since, to] = anchoredQuery('{ x(range: { since: "7d" }) }', until).match(/since: "(.+)", to: "(.+)"/)!;
    const range = resolveTimeRange({ since, to }, new Date('2026-11-28T09:00:00Z'), 30);
    expect(range).toEqual({ from: new Date('2026-11-21T08:29:00Z'), to: until });
  });
});

describe('the analytics bench pairs', () => {
  it('alternate which size runs first in ABBA order', () => {
    expect(pairOrder(4)).toEqual([
      [0, 1],
      [1, 0],
      [0, 1],
      [1, 0],
    ]);
  });

  it('give each size the median of its own times and the ratio as the median of the pairs', () => {
    const summary = summarisePairs([
      [10, 12],
      [20, 20],
      [10, 30],
    ]);
    expect(summary.medians).toEqual([10, 20]);
    expect(summary.ratio.median).toBe(1.2);
  });
});

describe('the ratio verdict against a ceiling', () => {
  it('is shown when the whole interval is at or under the ceiling', () => {
    expect(ceilingVerdict(pairedRatios([1.1, 1.2, 1.3, 1.4, 1.5, 1.2, 1.3]), 1.5)).toBe('shown');
  });

  it('is shown over when the whole interval is above the ceiling', () => {
    expect(ceilingVerdict(pairedRatios([1.6, 1.7, 1.8, 1.9, 2, 1.7, 1.8]), 1.5)).toBe('shown over');
  });

  it('is not resolved when the interval spans the ceiling', () => {
    expect(ceilingVerdict(pairedRatios([1.2, 1.3, 1.4, 1.6, 1.7, 1.4, 1.6]), 1.5)).toBe('not resolved');
  });

  it('is not resolved with too few pairs for an interval', () => {
    expect(ceilingVerdict(pairedRatios([1, 1, 1]), 1.5)).toBe('not resolved');
  });
});

const kinds = ['pglite', ...(process.env.REQUIRE_SERVICES ? ['postgres' as const] : [])] as const;

describe.each(kinds)('the interleaved analytics bench on %s', (kind) => {
  it('times both sizes and a ratio for every query', { timeout: 60_000 }, async () => {
    const result = await benchAnalytics(kind, [2_000, 6_000], 2);
    const table = analyticsTable([result], 2);
    expect(table[2]).toContain(`${kind} 2k | ${kind} 6k | ${kind} 6k/2k (median of pairs)`);
    for (const query of Object.keys(ANALYTICS_QUERIES)) {
      const row = table.find((line) => line.startsWith(`| ${query} |`))!;
      const [small, large, ratio] = row.split(' | ').slice(1, 4).map(Number);
      expect(
        [small, large, ratio].every((n) => n! > 0),
        row,
      ).toBe(true);
      expect(ratio, row).toBeCloseTo(result.ratios[query]!.median, 2);
    }
  });
});
