import { describe, expect, it } from 'vitest';
import {
  intervalMs,
  placeLabels,
  pointTime,
  timeTickLabel,
  timeTicks,
  valueAxis,
} from '../../src/console/chart-math.ts';

const HOUR = 3_600_000;
const at = (iso: string) => Date.parse(iso);

describe('interval midpoints', () => {
  it('reads the intervals GraphQL answers with', () => {
    expect([intervalMs('1m'), intervalMs('15m'), intervalMs('6h'), intervalMs('1d')]).toEqual([
      60_000,
      900_000,
      6 * HOUR,
      24 * HOUR,
    ]);
    expect(() => intervalMs('6 hours')).toThrow(/Unknown interval "6 hours"/);
  });

  it('draws a whole interval at its middle, so a 6h point is never 4 hours early', () => {
    // The 7-day p99 spike: the interval 12:00-18:00 holds a deployment at 15:30; its point sits at 15:00.
    const start = at('2026-11-20T12:00:00Z');
    expect(pointTime(start, 6 * HOUR, at('2026-11-14T00:00:00Z'), at('2026-11-21T00:00:00Z'))).toBe(
      at('2026-11-20T15:00:00Z'),
    );
  });

  it('draws a partial last interval at the middle of the part the range covers', () => {
    const start = at('2026-11-27T16:00:00Z');
    expect(pointTime(start, HOUR, at('2026-11-26T16:20:00Z'), at('2026-11-27T16:20:00Z'))).toBe(
      at('2026-11-27T16:10:00Z'),
    );
  });

  it('draws a partial first interval at the middle of the part inside the range', () => {
    const start = at('2026-11-26T16:00:00Z');
    expect(pointTime(start, HOUR, at('2026-11-26T16:20:00Z'), at('2026-11-27T16:20:00Z'))).toBe(
      at('2026-11-26T16:40:00Z'),
    );
  });
});

describe('round value ticks', () => {
  it('steps by 1, 2 or 5 times a power of ten from zero to at least the largest value', () => {
    expect(valueAxis(800)).toEqual({ max: 800, step: 200, ticks: [0, 200, 400, 600, 800] });
    expect(valueAxis(33)).toEqual({ max: 40, step: 10, ticks: [0, 10, 20, 30, 40] });
    expect(valueAxis(1976).ticks).toEqual([0, 500, 1000, 1500, 2000]);
    expect(valueAxis(0.37).ticks).toEqual([0, 0.1, 0.2, 0.3, 0.4]);
  });

  it('never labels a tick with floating-point noise', () => {
    for (const largest of [0.3, 0.7, 1.1, 3.3, 7.7, 0.07]) {
      for (const tick of valueAxis(largest).ticks) expect(String(tick)).not.toMatch(/\d{6,}/);
    }
  });

  it('gives an empty chart an axis from 0 to 1', () => {
    expect(valueAxis(0).max).toBe(1);
    expect(valueAxis(Number.NaN).max).toBe(1);
  });
});

describe('round time ticks', () => {
  it('puts a day of ticks on whole hours', () => {
    const { step, ticks } = timeTicks(at('2026-11-26T16:20:00Z'), at('2026-11-27T16:20:00Z'));
    expect(step).toBe(6 * HOUR);
    expect(ticks.map((t) => new Date(t).toISOString().slice(11, 16))).toEqual(['18:00', '00:00', '06:00', '12:00']);
    expect(timeTickLabel(ticks[1]!, step)).toBe('11-27');
    expect(timeTickLabel(ticks[2]!, step)).toBe('06:00');
  });

  it('puts a week of ticks on midnights labelled with the date', () => {
    const { step, ticks } = timeTicks(at('2026-11-20T16:20:00Z'), at('2026-11-27T16:20:00Z'));
    expect(step).toBe(24 * HOUR);
    expect(ticks).toHaveLength(7);
    expect(ticks.map((t) => timeTickLabel(t, step))).toEqual([
      '11-21',
      '11-22',
      '11-23',
      '11-24',
      '11-25',
      '11-26',
      '11-27',
    ]);
  });
});

describe('event label placement', () => {
  it('moves a label that would overlap the one before it to the next row', () => {
    const placed = placeLabels(
      [
        { x: 100, width: 120 },
        { x: 150, width: 120 },
        { x: 400, width: 50 },
      ],
      60,
      880,
    );
    expect(placed.map((p) => p.row)).toEqual([0, 1, 0]);
    expect(placed.every((p) => !p.hidden)).toBe(true);
  });

  it('hides a label when every row is taken there rather than drawing it over another', () => {
    const crowded = [100, 110, 120, 130].map((x) => ({ x, width: 100 }));
    expect(placeLabels(crowded, 60, 880, 3).map((p) => (p.hidden ? 'hidden' : p.row))).toEqual([0, 1, 2, 'hidden']);
  });

  it('runs a label near the right edge leftwards so it stays inside the plot', () => {
    const [placed] = placeLabels([{ x: 850, width: 120 }], 60, 880);
    expect(placed).toEqual({ row: 0, anchor: 'end', hidden: false });
  });

  it('checks a leftward label against the ones already placed on its row', () => {
    // The second label runs leftwards from 860 over 740..860, into the first one's 700..803.
    const placed = placeLabels(
      [
        { x: 700, width: 100 },
        { x: 860, width: 117 },
      ],
      60,
      880,
    );
    expect(placed.map((p) => [p.row, p.anchor])).toEqual([
      [0, 'start'],
      [1, 'end'],
    ]);
  });
});
