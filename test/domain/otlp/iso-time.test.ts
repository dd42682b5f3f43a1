import { describe, expect, it } from 'vitest';
import { isoTimeOfMs } from '../../../src/domain/otlp/iso-time.ts';

describe('ISO text of a time in milliseconds', () => {
  it('is the text toISOString gives, across minutes, days, years and the edges of four-digit years', () => {
    const times = [
      0,
      1,
      59_999,
      60_000,
      -1,
      -60_001,
      Date.parse('2026-11-27T23:59:59.999Z'),
      Date.parse('2026-11-28T00:00:00.000Z'),
      Date.parse('2024-02-29T12:34:56.007Z'),
      Date.parse('0000-01-01T00:00:00.000Z'),
      Date.parse('0000-01-01T00:00:00.000Z') - 1,
      Date.parse('9999-12-31T23:59:59.999Z'),
      Date.parse('+010000-01-01T00:00:00.000Z'),
    ];
    // Spans of one export come in runs within a minute: times a few ms apart and back again.
    const now = Date.parse('2026-11-27T23:07:02.337Z');
    for (let i = 0; i < 2000; i++) times.push(now + ((i * 7919) % 180_000) - 90_000);
    for (const ms of times) expect(isoTimeOfMs(ms)).toBe(new Date(ms).toISOString());
  });

  it('throws for a time that is no date, as toISOString does', () => {
    expect(() => isoTimeOfMs(Number.NaN)).toThrow(RangeError);
  });
});
