import { describe, expect, it } from 'vitest';
import { quarterReading } from '../../../src/domain/analytics/quarter-pieces.ts';

const at = (iso: string) => new Date(iso).getTime();
const EVERY_ROW_KEPT = 0;
const plain = (reading: ReturnType<typeof quarterReading>) => ({
  quarters: reading.quarters && {
    from: new Date(reading.quarters.from).toISOString(),
    to: new Date(reading.quarters.to).toISOString(),
  },
  raw: reading.raw.map((s) => [s.from.toISOString(), s.to.toISOString(), s.subtracted === true]),
  rawMinutes: reading.rawMs / 60_000,
});

describe('quarterReading', () => {
  it('reads a piece ending a minute before a quarter ends as its quarters minus that minute', () => {
    expect(plain(quarterReading(at('2026-11-27T09:00:00Z'), at('2026-11-27T09:29:00Z'), EVERY_ROW_KEPT))).toEqual({
      quarters: { from: '2026-11-27T09:00:00.000Z', to: '2026-11-27T09:30:00.000Z' },
      raw: [['2026-11-27T09:29:00.000Z', '2026-11-27T09:30:00.000Z', true]],
      rawMinutes: 1,
    });
  });

  it('adds the raw minute before the first whole quarter of a piece', () => {
    expect(plain(quarterReading(at('2026-11-27T09:29:00Z'), at('2026-11-27T10:00:00Z'), EVERY_ROW_KEPT))).toEqual({
      quarters: { from: '2026-11-27T09:30:00.000Z', to: '2026-11-27T10:00:00.000Z' },
      raw: [['2026-11-27T09:29:00.000Z', '2026-11-27T09:30:00.000Z', false]],
      rawMinutes: 1,
    });
  });

  it('reads a short piece inside one quarter raw, as subtracting its quarter’s rest would read more', () => {
    expect(plain(quarterReading(at('2026-11-27T09:20:00Z'), at('2026-11-27T09:25:00Z'), EVERY_ROW_KEPT))).toEqual({
      quarters: null,
      raw: [['2026-11-27T09:20:00.000Z', '2026-11-27T09:25:00.000Z', false]],
      rawMinutes: 5,
    });
  });

  it('reads a piece inside one quarter as that quarter minus both its ends when they are the shorter', () => {
    expect(plain(quarterReading(at('2026-11-27T09:16:00Z'), at('2026-11-27T09:29:00Z'), EVERY_ROW_KEPT))).toEqual({
      quarters: { from: '2026-11-27T09:15:00.000Z', to: '2026-11-27T09:30:00.000Z' },
      raw: [
        ['2026-11-27T09:15:00.000Z', '2026-11-27T09:16:00.000Z', true],
        ['2026-11-27T09:29:00.000Z', '2026-11-27T09:30:00.000Z', true],
      ],
      rawMinutes: 2,
    });
  });

  it('subtracts nothing stamped before the retained raw rows: a quarter outlives them', () => {
    const reading = quarterReading(at('2026-11-27T09:01:00Z'), at('2026-11-27T09:29:00Z'), at('2026-11-27T09:10:00Z'));
    expect(plain(reading)).toEqual({
      quarters: { from: '2026-11-27T09:15:00.000Z', to: '2026-11-27T09:30:00.000Z' },
      raw: [
        ['2026-11-27T09:01:00.000Z', '2026-11-27T09:15:00.000Z', false],
        ['2026-11-27T09:29:00.000Z', '2026-11-27T09:30:00.000Z', true],
      ],
      rawMinutes: 15,
    });
  });

  it('reads an aligned piece from quarters alone', () => {
    expect(
      plain(quarterReading(at('2026-11-27T09:00:00Z'), at('2026-11-27T10:00:00Z'), EVERY_ROW_KEPT)).rawMinutes,
    ).toBe(0);
  });
});
