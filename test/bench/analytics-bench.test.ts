import { describe, expect, it } from 'vitest';
import { resolveTimeRange } from '../../src/domain/time/time-range.ts';
import { ANALYTICS_QUERIES, anchoredQuery, benchAnchor } from './analytics-bench.ts';

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
