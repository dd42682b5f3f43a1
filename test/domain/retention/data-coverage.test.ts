import { describe, expect, it } from 'vitest';
import { dataCoverage } from '../../../src/domain/retention/data-coverage.ts';

const HOUR = 3_600_000;
const POLICY = { rawDays: 30, rollupDays: 400 };
// The raw cut-off (now − 30 days) is 2026-11-04T10:04Z.
const NOW = new Date('2026-12-04T10:04:00Z');
const at = (hh: number, mm: number) => new Date(Date.UTC(2026, 10, 4, hh, mm));

describe('dataCoverage at the raw cut-off', () => {
  it('flags a minute-aligned range inside two partial hours before the cut-off when the read uses hours', () => {
    const coverage = dataCoverage({ from: at(7, 30), to: at(8, 30) }, 'rollups', POLICY, NOW, HOUR);
    expect(coverage.complete).toBe(false);
    expect(coverage.note).toContain('partial first 60-minute cell');
    expect(coverage.note).toContain('partial last 60-minute cell (from 2026-11-04T08:00:00.000Z)');
  });

  it('flags a partial last minute of a range ending before the cut-off', () => {
    const coverage = dataCoverage(
      { from: at(7, 0), to: new Date(at(8, 30).getTime() + 30_000) },
      'rollups',
      POLICY,
      NOW,
    );
    expect(coverage.complete).toBe(false);
    expect(coverage.note).toContain('partial last minute (from 2026-11-04T08:30:00.000Z) is not counted');
  });

  it('calls complete a range on whole hours before the cut-off read in hours', () => {
    expect(dataCoverage({ from: at(7, 0), to: at(9, 0) }, 'rollups', POLICY, NOW, HOUR).complete).toBe(true);
  });

  it('calls complete a partial last hour that starts after the cut-off', () => {
    expect(dataCoverage({ from: at(7, 0), to: at(11, 30) }, 'rollups', POLICY, NOW, HOUR).complete).toBe(true);
  });
});
