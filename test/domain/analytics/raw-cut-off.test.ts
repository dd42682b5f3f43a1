import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { endpointHistograms, endpointKey } from '../../../src/domain/analytics/endpoints.ts';
import { hourlyCells } from '../../../src/domain/analytics/hourly-cells.ts';
import { rangeHistogram } from '../../../src/domain/analytics/range-histogram.ts';
import type { TrafficScope } from '../../../src/domain/analytics/traffic-scope.ts';
import type { RequestRecord } from '../../../src/domain/ingest/request-record.ts';
import { deleteExpired } from '../../../src/domain/retention/purge.ts';
import { createTestDatabase, DATABASE_KINDS, type TestDatabase } from '../../helpers/databases.ts';
import { createAccount } from '../../helpers/fixtures.ts';
import { store, trafficFor } from '../../helpers/traffic-data.ts';

const UNTIL = new Date('2026-11-04T16:00:00Z');
/** Where the purge stopped: a few minutes into an hour, as a purge run at hh:04 leaves it. */
const CUT_OFF = new Date('2026-11-04T10:04:00Z');
const at = (hh: number, mm: number) => new Date(Date.UTC(2026, 10, 4, hh, mm));

/** Counts per endpoint of the records given. */
function perEndpoint(records: readonly RequestRecord[]): Map<string, number> {
  const counts = new Map<string, number>();
  for (const r of records) counts.set(endpointKey(r), (counts.get(endpointKey(r)) ?? 0) + 1);
  return counts;
}

// Rollup cells outlive the raw rows they were made from: a cell across the cut-off counts requests the purge
// deleted, so raw rows can no longer be taken away from it, nor stand for the part of it after a range's end.
describe.each(DATABASE_KINDS)('reading ranges near the raw retention cut-off, on %s', (kind) => {
  let test: TestDatabase;
  let records: RequestRecord[];
  let scope: TrafficScope;

  beforeAll(async () => {
    test = await createTestDatabase(kind);
    const account = await createAccount(test.db, 'raw-cut-off', ['production'], ['orders']);
    records = trafficFor(account, { seed: 27, requests: 4000, days: 1, until: UNTIL });
    await store(test.db, records);
    await deleteExpired(test.db.sql, { requestsBefore: CUT_OFF, rollupsBefore: new Date(0) });
    scope = { environmentId: account.environments.production!, bucketIds: null, rawRetainedFrom: CUT_OFF };
  });
  afterAll(() => test.dispose());

  const within = (from: Date, to: Date) => records.filter((r) => r.timestamp >= from && r.timestamp < to);

  it('counts exactly the requests of a range starting after the cut-off in the hour that holds it', async () => {
    const range = { from: at(10, 5), to: at(13, 30) };
    const expected = within(range.from, range.to);
    expect(within(at(10, 0), CUT_OFF).length).toBeGreaterThan(0);
    const [endpoints, cells, overall] = await Promise.all([
      endpointHistograms(test.db.sql, scope, range),
      hourlyCells(test.db.sql, scope, range, null),
      rangeHistogram(test.db.sql, scope, range),
    ]);
    expect(new Map([...endpoints].map(([key, h]) => [key, h.count]))).toEqual(perEndpoint(expected));
    expect(cells[0]!.count).toBe(within(range.from, at(11, 0)).length);
    expect(cells[0]!.bins.count).toBe(cells[0]!.count);
    expect([overall.count, overall.bins.count]).toEqual([expected.length, expected.length]);
  });

  it('counts no request after the end of a range ending before the cut-off, only the whole hours kept', async () => {
    const range = { from: at(6, 0), to: at(9, 40) };
    const kept = within(at(6, 0), at(9, 0));
    expect(within(range.to, at(10, 0)).length).toBeGreaterThan(0);
    const [endpoints, cells, overall] = await Promise.all([
      endpointHistograms(test.db.sql, scope, range),
      hourlyCells(test.db.sql, scope, range, null),
      rangeHistogram(test.db.sql, scope, range),
    ]);
    expect(new Map([...endpoints].map(([key, h]) => [key, h.count]))).toEqual(perEndpoint(kept));
    expect(cells.map((cell) => cell.count)).toEqual([
      ...[6, 7, 8].map((hour) => within(at(hour, 0), at(hour + 1, 0)).length),
      0,
    ]);
    // Histogram cells are quarter hours: the range holds whole ones up to 09:30.
    expect(overall.bins.count).toBe(within(range.from, at(9, 30)).length);
  });
});
