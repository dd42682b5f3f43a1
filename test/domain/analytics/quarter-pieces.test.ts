import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { quarterReading, withRouteQuarters } from '../../../src/domain/analytics/quarter-pieces.ts';
import type { TrafficScope } from '../../../src/domain/analytics/traffic-scope.ts';
import type { SqlClient } from '../../../src/db/sql-client.ts';
import { createTestDatabase, DATABASE_KINDS, type TestDatabase } from '../../helpers/databases.ts';
import { createAccount } from '../../helpers/fixtures.ts';
import { EVERY_RAW_ROW_KEPT, store, trafficFor } from '../../helpers/traffic-data.ts';

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

describe.each(DATABASE_KINDS)('withRouteQuarters, on %s', (kind) => {
  const until = new Date('2026-11-20T12:00:00Z');
  let test: TestDatabase;
  let scope: TrafficScope;

  beforeAll(async () => {
    test = await createTestDatabase(kind);
    const account = await createAccount(test.db, 'pieces', ['production'], ['orders']);
    await store(test.db, trafficFor(account, { seed: 3, requests: 500, days: 1, until }));
    scope = { environmentId: account.environments.production!, bucketIds: null, rawRetainedFrom: EVERY_RAW_ROW_KEPT };
  });
  afterAll(() => test.dispose());

  it('checks for stale quarters only within the quarter segments, not the hours between them', async () => {
    const checkedMinutes: number[] = [];
    const capturing: SqlClient = {
      ...test.db.sql,
      engine: test.db.sql.engine,
      query: (text, params, options) => {
        if (text.includes('"RequestRollup"')) {
          const dates = (params ?? []).filter((p): p is Date => p instanceof Date);
          for (let i = 0; i + 1 < dates.length; i += 2)
            checkedMinutes.push((dates[i + 1]!.getTime() - dates[i]!.getTime()) / 60_000);
        }
        return test.db.sql.query(text, params, options);
      },
    };
    // A 20-hour series' ragged ends, 31 and 29 minutes, with the hours between read from hour cells.
    const from = new Date(until.getTime() - 22 * 3_600_000 - 29 * 60_000);
    const to = new Date(until.getTime() - 2 * 3_600_000 - 29 * 60_000);
    const firstHour = new Date(from.getTime() + 31 * 60_000);
    const lastHour = new Date(to.getTime() - 29 * 60_000);
    await withRouteQuarters(capturing, scope, [
      { period: 0, from, to: firstHour },
      { period: 3600, from: firstHour, to: lastHour },
      { period: 0, from: lastHour, to },
    ]);
    // Before: one span of 1,185 minutes, from the first quarter segment's start to the last one's end.
    expect(checkedMinutes).toEqual([15, 15]);
  });
});
