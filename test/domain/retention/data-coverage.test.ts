import { describe, expect, it } from 'vitest';
import { dataCoverage } from '../../../src/domain/retention/data-coverage.ts';
import { NOTHING_PURGED } from '../../../src/domain/retention/purged-before.ts';

const HOUR = 3_600_000;
const POLICY = { policy: { rawDays: 30, rollupDays: 400 }, purged: NOTHING_PURGED };
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

describe('dataCoverage after a purge under a shorter retention', () => {
  // A purge under RETENTION_DAYS=10 ran at NOW; RETENTION_DAYS is 30 now.
  const PURGED = {
    policy: POLICY.policy,
    purged: { requestsBefore: new Date('2026-11-24T10:04:00Z'), rollupsBefore: null },
  };

  it('says raw rows before the purge cut-off are gone though the configured retention would keep them', () => {
    const coverage = dataCoverage({ from: at(0, 0), to: at(12, 0) }, 'raw', PURGED, NOW);
    expect(coverage).toEqual({
      complete: false,
      source: 'raw',
      availableFrom: new Date('2026-11-24T10:04:00Z'),
      note: expect.stringContaining(
        "Raw requests before 2026-11-24T10:04:00.000Z were deleted by an earlier purge under a shorter RETENTION_DAYS than today's 30 days",
      ),
    });
  });

  it('flags a partial cell of a rollup answer before the purge cut-off', () => {
    const coverage = dataCoverage(
      { from: new Date('2026-11-20T07:30:00Z'), to: new Date('2026-11-20T09:00:00Z') },
      'rollups',
      PURGED,
      NOW,
      HOUR,
    );
    expect(coverage.complete).toBe(false);
    expect(coverage.note).toContain('partial first 60-minute cell');
  });

  it('keeps the configured cut-off when the purge cut-off is earlier (retention lowered since)', () => {
    const lowered = { policy: POLICY.policy, purged: { requestsBefore: at(0, 0), rollupsBefore: null } };
    expect(dataCoverage({ from: at(11, 0), to: at(12, 0) }, 'raw', lowered, NOW).complete).toBe(true);
    expect(dataCoverage({ from: at(9, 0), to: at(12, 0) }, 'raw', lowered, NOW).note).toContain(
      'older than 30 days (RETENTION_DAYS)',
    );
  });
});
