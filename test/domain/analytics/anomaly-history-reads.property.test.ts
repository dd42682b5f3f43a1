import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  ANOMALY_METRICS,
  BASELINE_WEEKS,
  findAnomalies,
  scorePoints,
  SENSITIVITY_THRESHOLDS,
  type BaselineKind,
  type Sensitivity,
} from '../../../src/domain/analytics/anomalies.ts';
import { hourlyCells, type EndpointRef } from '../../../src/domain/analytics/hourly-cells.ts';
import type { TrafficScope } from '../../../src/domain/analytics/traffic-scope.ts';
import type { RequestRecord } from '../../../src/domain/ingest/request-record.ts';
import { createTestDatabase, DATABASE_KINDS, type TestDatabase } from '../../helpers/databases.ts';
import { createAccount } from '../../helpers/fixtures.ts';
import { EVERY_RAW_ROW_KEPT, store, trafficFor } from '../../helpers/traffic-data.ts';

// Bounded so the suite stays quick; a failure prints the seed and the shrunk case to replay.
const RUNS = Number(process.env.PROPERTY_RUNS ?? 25);
const UNTIL = new Date('2026-10-20T00:00:00Z');
const HOUR = 3_600_000;
const DAY = 24 * HOUR;
const WEEK = 7 * DAY;

/**
 * 30 days of day/night traffic, about the minimum count an hour, with a silent stretch and a thinned one, so
 * trailing windows reach back days and many hours fall short of being scored; it starts inside the 4 weeks
 * of history of most ranges.
 */
function sparse(records: RequestRecord[]): RequestRecord[] {
  const daysBefore = (r: RequestRecord) => (UNTIL.getTime() - r.timestamp.getTime()) / DAY;
  return records.filter((r, i) => {
    const d = daysBefore(r);
    if (d >= 11 && d < 18.5) return false;
    if (d >= 4 && d < 7) return i % 5 === 0;
    return true;
  });
}

describe.each(DATABASE_KINDS)('anomalies on %s', (kind) => {
  let test: TestDatabase;
  let scope: TrafficScope;
  let endpoints: EndpointRef[];

  beforeAll(async () => {
    test = await createTestDatabase(kind);
    const account = await createAccount(test.db, 'anomaly-reads', ['production', 'staging'], ['orders', 'billing']);
    const records = sparse(
      trafficFor(account, { seed: 47, requests: 60_000, days: 30, until: UNTIL }).filter(
        (r) => r.environmentId === account.environments.production,
      ),
    );
    await store(test.db, records);
    scope = { environmentId: account.environments.production!, bucketIds: null, rawRetainedFrom: EVERY_RAW_ROW_KEPT };
    const volume = new Map<string, number>();
    for (const r of records) volume.set(`${r.method} ${r.route}`, (volume.get(`${r.method} ${r.route}`) ?? 0) + 1);
    endpoints = [...volume]
      .sort((a, b) => b[1] - a[1])
      .slice(0, 2)
      .map(([key]) => ({ method: key.split(' ')[0]!, route: key.slice(key.indexOf(' ') + 1) }));
  }, 240_000);
  afterAll(() => test.dispose());

  it('score every point as a read of every history hour with its histogram does', async () => {
    const kinds = new Set<BaselineKind>();
    const ranges = fc
      .tuple(
        fc.integer({ min: 0, max: 31 * 24 * 60 }),
        fc.oneof(fc.integer({ min: 30, max: 48 * 60 }), fc.integer({ min: 48 * 60, max: 8 * 24 * 60 })),
        fc.boolean(),
      )
      .map(([minutesBack, lengthMinutes, aligned]) => {
        const from = new Date(UNTIL.getTime() - minutesBack * 60_000 + (aligned ? 0 : 17_500));
        return { from, to: new Date(from.getTime() + lengthMinutes * 60_000) };
      });
    await fc.assert(
      fc.asyncProperty(
        ranges,
        fc.constantFrom(...ANOMALY_METRICS),
        fc.constantFrom(...(Object.keys(SENSITIVITY_THRESHOLDS) as Sensitivity[])),
        fc.constantFrom(null, 0, 1),
        async (range, metric, sensitivity, which) => {
          const endpoint = which === null ? null : endpoints[which]!;
          const report = await findAnomalies(test.db.sql, scope, range, { metric, endpoint, sensitivity });
          const historyFrom = new Date(Math.floor(range.from.getTime() / HOUR) * HOUR - BASELINE_WEEKS * WEEK);
          const [history, cells] = await Promise.all([
            hourlyCells(test.db.sql, scope, { from: historyFrom, to: range.from }, endpoint),
            hourlyCells(test.db.sql, scope, range, endpoint),
          ]);
          const reference = scorePoints(history, cells, metric, SENSITIVITY_THRESHOLDS[sensitivity], () => true);
          expect(reference.unread.size).toBe(0);
          expect(report.points).toEqual(reference.points);
          expect(report.anomalies.map((a) => a.time)).toEqual(
            reference.points.filter((p) => p.anomalous).map((p) => p.time),
          );
          for (const point of report.points) if (point.baseline) kinds.add(point.baseline.kind);
        },
      ),
      { numRuns: RUNS, seed: 2026 },
    );
    // The cases reached every kind of baseline, so each kind's hours were chosen and read at least once.
    expect([...kinds].sort()).toEqual(['same_hour_of_day', 'same_hour_of_week', 'trailing']);
  }, 600_000);
});
