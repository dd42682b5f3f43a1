import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { planSegments, type Segment } from '../../../src/domain/analytics/period-plan.ts';
import { ROUTE_PERIODS } from '../../../src/domain/ingest/rollup-periods.ts';
import { quarterRawMs } from '../../../src/domain/analytics/quarter-pieces.ts';

const HOUR = 3_600_000;
const DAY = 24 * HOUR;
const at = (iso: string) => new Date(iso);
const plain = (segments: Segment[]) =>
  segments.map((s) => ({
    period: s.period,
    from: s.from.toISOString(),
    to: s.to.toISOString(),
    ...(s.subtracted ? { subtracted: true } : {}),
  }));

describe('planSegments', () => {
  const from = at('2026-11-26T13:25:00Z');
  const to = at('2026-11-27T13:25:00Z');

  it('leaves the part of the last hour before the end to raw rows when something may be stored after the end', () => {
    expect(plain(planSegments(from, to, ROUTE_PERIODS)).at(-1)).toEqual({
      period: 0,
      from: '2026-11-27T13:00:00.000Z',
      to: '2026-11-27T13:25:00.000Z',
    });
  });

  it('reads the whole hour holding the end when nothing is stored from the end to that hour’s end', () => {
    const segments = plain(planSegments(from, to, ROUTE_PERIODS, { quietUntil: at('2026-11-27T14:00:00Z') }));
    expect(segments.at(-1)).toEqual({ period: 3600, from: '2026-11-26T14:00:00.000Z', to: '2026-11-27T14:00:00.000Z' });
    expect(segments.filter((s) => s.period === 0)).toEqual([
      { period: 0, from: '2026-11-26T13:25:00.000Z', to: '2026-11-26T14:00:00.000Z' },
    ]);
  });

  it('keeps the end raw when a request is stored after the end but before the hour’s end', () => {
    const segments = plain(planSegments(from, to, ROUTE_PERIODS, { quietUntil: at('2026-11-27T13:59:59.999Z') }));
    expect(segments.at(-1)).toEqual({ period: 0, from: '2026-11-27T13:00:00.000Z', to: '2026-11-27T13:25:00.000Z' });
  });

  it('reads the day holding the end when nothing is stored until that day’s end', () => {
    const segments = plain(planSegments(from, to, ROUTE_PERIODS, { quietUntil: at('2026-11-28T00:00:00Z') }));
    expect(segments.slice(-2)).toEqual([
      { period: 3600, from: '2026-11-26T14:00:00.000Z', to: '2026-11-27T00:00:00.000Z' },
      { period: 86400, from: '2026-11-27T00:00:00.000Z', to: '2026-11-28T00:00:00.000Z' },
    ]);
  });

  const kept = { subtractBeforeStart: true, rawRetainedFrom: at('2026-11-26T13:00:00Z') };

  it('reads the hour holding the start minus its part before the start when that part is the shorter', () => {
    const start = at('2026-11-26T13:20:00Z');
    const segments = plain(planSegments(start, to, ROUTE_PERIODS, kept));
    expect(segments.slice(0, 2)).toEqual([
      { period: 0, from: '2026-11-26T13:00:00.000Z', to: '2026-11-26T13:20:00.000Z', subtracted: true },
      { period: 3600, from: '2026-11-26T13:00:00.000Z', to: '2026-11-27T13:00:00.000Z' },
    ]);
  });

  it('keeps the start raw when its part in the range is the shorter', () => {
    const start = at('2026-11-26T13:40:00Z');
    const segments = plain(planSegments(start, to, ROUTE_PERIODS, kept));
    expect(segments[0]).toEqual({ period: 0, from: '2026-11-26T13:40:00.000Z', to: '2026-11-26T14:00:00.000Z' });
  });

  it('reads the hour holding the start minus its part before the start, however long, when that part is read anyway', () => {
    const start = at('2026-11-26T13:40:00Z');
    const segments = plain(planSegments(start, to, ROUTE_PERIODS, { ...kept, beforeStartReadAnyway: true }));
    expect(segments.slice(0, 2)).toEqual([
      { period: 0, from: '2026-11-26T13:00:00.000Z', to: '2026-11-26T13:40:00.000Z', subtracted: true },
      { period: 3600, from: '2026-11-26T13:00:00.000Z', to: '2026-11-27T13:00:00.000Z' },
    ]);
  });

  it('reads the cell holding the end minus its part after the end when that part is the shorter', () => {
    const end = at('2026-11-27T13:29:00Z');
    const segments = plain(
      planSegments(at('2026-11-26T13:00:00Z'), end, [900, 3600], {
        subtractAfterEnd: true,
        rawRetainedFrom: at('2026-11-26T00:00:00Z'),
      }),
    );
    expect(segments.slice(-3)).toEqual([
      { period: 900, from: '2026-11-27T13:00:00.000Z', to: '2026-11-27T13:15:00.000Z' },
      { period: 900, from: '2026-11-27T13:15:00.000Z', to: '2026-11-27T13:30:00.000Z' },
      { period: 0, from: '2026-11-27T13:29:00.000Z', to: '2026-11-27T13:30:00.000Z', subtracted: true },
    ]);
  });

  it('adds a start whose quarters leave a minute raw rather than subtract the half hour before it read anyway', () => {
    const start = at('2026-11-26T13:29:00Z');
    const options = { ...kept, beforeStartReadAnyway: true, addedRawMs: quarterRawMs(kept.rawRetainedFrom) };
    const segments = plain(planSegments(start, to, ROUTE_PERIODS, options));
    expect(segments[0]).toEqual({ period: 0, from: '2026-11-26T13:29:00.000Z', to: '2026-11-26T14:00:00.000Z' });
  });

  it('keeps a start raw that reads less than the hour holding it, even with the part before it read anyway', () => {
    const start = at('2026-11-26T13:40:00Z');
    const segments = plain(
      planSegments(start, at('2026-11-26T13:50:00Z'), ROUTE_PERIODS, { ...kept, beforeStartReadAnyway: true }),
    );
    expect(segments).toEqual([{ period: 0, from: '2026-11-26T13:40:00.000Z', to: '2026-11-26T13:50:00.000Z' }]);
  });

  it('keeps the start raw when raw rows of the hour holding it may have been deleted by retention', () => {
    const start = at('2026-11-26T13:20:00Z');
    for (const rawRetainedFrom of [at('2026-11-26T13:00:00.001Z'), at('2026-11-26T13:10:00Z'), undefined]) {
      const segments = plain(planSegments(start, to, ROUTE_PERIODS, { subtractBeforeStart: true, rawRetainedFrom }));
      expect(segments[0]).toEqual({ period: 0, from: '2026-11-26T13:20:00.000Z', to: '2026-11-26T14:00:00.000Z' });
    }
  });

  it('covers exactly the range: cells and raw pieces in a row, less a raw piece before the start that retention kept, run on past the end only into whole cells that start before it and end by quietUntil', () => {
    const periods = [60, 900, 3600, 21_600, 86_400];
    const base = at('2026-11-20T00:00:00Z').getTime();
    fc.assert(
      fc.property(
        fc.integer({ min: 0, max: 3 * DAY }),
        fc.integer({ min: 1, max: 3 * DAY }),
        fc.option(fc.integer({ min: 0, max: 2 * DAY }), { nil: null }),
        fc.boolean(),
        fc.integer({ min: 0, max: 3 * DAY }),
        (start, length, quietFor, subtractBeforeStart, retainedAfter) => {
          const rangeFrom = base + start;
          const rangeTo = rangeFrom + length;
          const quiet = quietFor === null ? rangeTo : rangeTo + quietFor;
          const planned = planSegments(new Date(rangeFrom), new Date(rangeTo), periods, {
            quietUntil: new Date(quiet),
            subtractBeforeStart,
            rawRetainedFrom: new Date(base + retainedAfter),
          });
          const subtracted = planned.filter((s) => s.subtracted);
          const segments = planned.filter((s) => !s.subtracted);
          expect(subtracted.length).toBeLessThanOrEqual(subtractBeforeStart ? 1 : 0);
          for (const s of subtracted) expect(s.from.getTime()).toBeGreaterThanOrEqual(base + retainedAfter);
          const first = subtracted[0]?.from.getTime() ?? rangeFrom;
          if (subtracted[0]) expect(subtracted[0].to.getTime()).toBe(rangeFrom);
          expect(segments[0]!.from.getTime()).toBe(first);
          for (let i = 1; i < segments.length; i++) expect(segments[i]!.from).toEqual(segments[i - 1]!.to);
          const end = segments.at(-1)!.to.getTime();
          expect(end).toBeGreaterThanOrEqual(rangeTo);
          expect(end).toBeLessThanOrEqual(Math.max(rangeTo, quiet));
          for (const s of segments) {
            if (s.period === 0) {
              expect(s.to.getTime()).toBeLessThanOrEqual(rangeTo);
              continue;
            }
            const size = s.period * 1000;
            expect([s.from.getTime() % size, s.to.getTime() % size]).toEqual([0, 0]);
            expect(s.to.getTime() - size).toBeLessThan(rangeTo);
          }
        },
      ),
    );
  });
});
