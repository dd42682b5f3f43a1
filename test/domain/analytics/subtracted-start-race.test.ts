import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { SqlClient } from '../../../src/db/sql-client.ts';
import { endpointHistograms, endpointKey } from '../../../src/domain/analytics/endpoints.ts';
import { hourlyCells } from '../../../src/domain/analytics/hourly-cells.ts';
import type { TrafficScope } from '../../../src/domain/analytics/traffic-scope.ts';
import type { RequestRecord } from '../../../src/domain/ingest/request-record.ts';
import { storeRequests } from '../../../src/domain/ingest/store-requests.ts';
import { createTestDatabase, DATABASE_KINDS, type TestDatabase } from '../../helpers/databases.ts';
import { createAccount } from '../../helpers/fixtures.ts';
import { EVERY_RAW_ROW_KEPT, store, trafficFor } from '../../helpers/traffic-data.ts';

const UNTIL = new Date('2026-11-04T00:00:00Z');
const MINUTE = 60_000;
const HOUR = 60 * MINUTE;
const LATE_ONLY = { method: 'GET', route: '/late-only' };

/**
 * A SQL client that, when the statement reading the raw rows subtracted before the start arrives, lets every
 * statement already sent finish, then commits `late` and only then runs it: the worst interleaving of a late
 * batch with a read whose rollup cells and subtracted rows come from different statements.
 */
function committingBeforeSubtraction(sql: SqlClient, late: RequestRecord[]): SqlClient {
  const inFlight = new Set<Promise<unknown>>();
  let stored = false;
  const track = <T>(promise: Promise<T>) => {
    inFlight.add(promise);
    return promise.finally(() => inFlight.delete(promise));
  };
  return {
    engine: sql.engine,
    async query(text, params) {
      if (!stored && text.includes('-count(*)')) {
        stored = true;
        await Promise.allSettled([...inFlight]);
        await storeRequests(sql, late);
      }
      return track(sql.query(text, params));
    },
    exec: (text) => sql.exec(text),
    copyRows: (table, columns, rows) => sql.copyRows(table, columns, rows),
    transaction: (work) => sql.transaction(work),
  };
}

describe.each(DATABASE_KINDS)('a request before the start committed while a range is read, on %s', (kind) => {
  let test: TestDatabase;
  let records: RequestRecord[];
  let scope: TrafficScope;

  beforeAll(async () => {
    test = await createTestDatabase(kind);
    const account = await createAccount(test.db, 'race', ['production'], ['orders']);
    records = trafficFor(account, { seed: 9, requests: 2000, days: 1, until: UNTIL });
    await store(test.db, records);
    scope = { environmentId: account.environments.production!, bucketIds: null, rawRetainedFrom: EVERY_RAW_ROW_KEPT };
  });
  afterAll(() => test.dispose());

  /** Two requests stamped in the hour holding `from`, before it: one of an endpoint seen in the range, one of an endpoint seen nowhere else. */
  const lateBefore = (from: Date, tag: string): RequestRecord[] => {
    const stamp = new Date(Math.floor(from.getTime() / HOUR) * HOUR + MINUTE);
    const seen = records.find((r) => r.environmentId === scope.environmentId && r.timestamp >= from)!;
    return [
      { ...seen, publicId: `req_late_${tag}_seen`, timestamp: stamp },
      { ...seen, ...LATE_ONLY, path: LATE_ONLY.route, publicId: `req_late_${tag}_only`, timestamp: stamp },
    ];
  };

  const inRange = (range: { from: Date; to: Date }) =>
    records.filter(
      (r) => r.environmentId === scope.environmentId && r.timestamp >= range.from && r.timestamp < range.to,
    );

  it('endpoints count exactly the requests of the range', async () => {
    const range = {
      from: new Date(UNTIL.getTime() - 10 * HOUR + 10 * MINUTE),
      to: new Date(UNTIL.getTime() - 5 * HOUR + 20 * MINUTE),
    };
    const late = lateBefore(range.from, 'endpoints');
    const histograms = await endpointHistograms(committingBeforeSubtraction(test.db.sql, late), scope, range);
    records.push(...late);
    const expected = new Map<string, [number, number]>();
    for (const r of inRange(range)) {
      const [n] = expected.get(endpointKey(r)) ?? [0];
      expected.set(endpointKey(r), [n + 1, n + 1]);
    }
    expect(new Map([...histograms].map(([key, h]) => [key, [h.count, h.bins.count]]))).toEqual(expected);
  });

  it('hourly cells count exactly the requests of the range', async () => {
    const range = {
      from: new Date(UNTIL.getTime() - 15 * HOUR + 10 * MINUTE),
      to: new Date(UNTIL.getTime() - 12 * HOUR + 20 * MINUTE),
    };
    const late = lateBefore(range.from, 'hourly');
    const cells = await hourlyCells(committingBeforeSubtraction(test.db.sql, late), scope, range, null);
    records.push(...late);
    expect(cells.map((cell) => [cell.count, cell.bins.count])).toEqual(
      cells.map((cell) => {
        const n = inRange(cell).length;
        return [n, n];
      }),
    );
  });

  it('hourly cells of an endpoint seen only before the start count nothing', async () => {
    const range = {
      from: new Date(UNTIL.getTime() - 20 * HOUR + 10 * MINUTE),
      to: new Date(UNTIL.getTime() - 17 * HOUR + 20 * MINUTE),
    };
    const late = lateBefore(range.from, 'endpoint');
    const cells = await hourlyCells(committingBeforeSubtraction(test.db.sql, late), scope, range, LATE_ONLY);
    records.push(...late);
    expect(cells.map((cell) => [cell.count, cell.errors, cell.bins.count])).toEqual(cells.map(() => [0, 0, 0]));
  });
});
