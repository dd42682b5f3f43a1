import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { SqlClient } from '../../../src/db/sql-client.ts';
import { endpointHistograms, endpointKey } from '../../../src/domain/analytics/endpoints.ts';
import { hourlyCells } from '../../../src/domain/analytics/hourly-cells.ts';
import { planSegments, type Segment } from '../../../src/domain/analytics/period-plan.ts';
import { readWithQuietEnd } from '../../../src/domain/analytics/quiet-end.ts';
import { rangeHistogram } from '../../../src/domain/analytics/range-histogram.ts';
import type { TrafficScope } from '../../../src/domain/analytics/traffic-scope.ts';
import type { RequestRecord } from '../../../src/domain/ingest/request-record.ts';
import { storeRequests } from '../../../src/domain/ingest/store-requests.ts';
import { createTestDatabase, DATABASE_KINDS, type TestDatabase } from '../../helpers/databases.ts';
import { createAccount, type TestAccount } from '../../helpers/fixtures.ts';
import { store, trafficFor, EVERY_RAW_ROW_KEPT } from '../../helpers/traffic-data.ts';

const RUNS = Number(process.env.PROPERTY_RUNS ?? 20);
const UNTIL = new Date('2026-11-02T00:00:00Z');
const MINUTE = 60_000;
const HOUR = 60 * MINUTE;
const minutesAfter = (minutes: number) => new Date(UNTIL.getTime() + minutes * MINUTE);

/** Plans by the hour and hands back the segments read, in order. */
async function plansRead(sql: SqlClient, scope: TrafficScope, range: { from: Date; to: Date }) {
  const reads: Segment[][] = [];
  await readWithQuietEnd(
    sql,
    scope,
    range,
    (quietUntil) => planSegments(range.from, range.to, [3600], { quietUntil }),
    async (segments) => void reads.push(segments),
  );
  return reads;
}

/** A SQL client that stores `late` just before the first statement reading `table` runs. */
function storingBefore(sql: SqlClient, table: string, late: RequestRecord): SqlClient {
  let stored = false;
  return {
    engine: sql.engine,
    async query(text, params) {
      if (!stored && text.includes(table)) {
        stored = true;
        await storeRequests(sql, [late]);
      }
      return sql.query(text, params);
    },
    exec: (text) => sql.exec(text),
    copyRows: (table, columns, rows) => sql.copyRows(table, columns, rows),
    transaction: (work) => sql.transaction(work),
  };
}

describe.each(DATABASE_KINDS)('reading a range whose end has nothing stored after it, on %s', (kind) => {
  let test: TestDatabase;
  let account: TestAccount;
  /** Every request stored, in the order stored. */
  let records: RequestRecord[];
  let scope: TrafficScope;

  beforeAll(async () => {
    test = await createTestDatabase(kind);
    account = await createAccount(test.db, 'quiet-end', ['production'], ['orders', 'billing']);
    records = trafficFor(account, { seed: 18, requests: 3000, days: 1, until: UNTIL });
    await store(test.db, records);
    scope = { environmentId: account.environments.production!, bucketIds: null, rawRetainedFrom: EVERY_RAW_ROW_KEPT };
  });
  afterAll(() => test.dispose());

  it('reads the hour holding the end from its rollup cell, not from raw rows', async () => {
    const reads = await plansRead(test.db.sql, scope, { from: minutesAfter(-300), to: minutesAfter(20) });
    expect(reads).toHaveLength(1);
    expect(reads[0]!.filter((s) => s.period === 0)).toEqual([]);
    expect(reads[0]!.at(-1)).toEqual({ period: 3600, from: minutesAfter(-300), to: minutesAfter(60) });
  });

  it('reads raw rows for the part of the last hour before the end when requests are stored after it', async () => {
    const reads = await plansRead(test.db.sql, scope, { from: minutesAfter(-300), to: minutesAfter(-40) });
    expect(reads).toHaveLength(1);
    expect(reads[0]!.at(-1)).toEqual({ period: 0, from: minutesAfter(-60), to: minutesAfter(-40) });
  });

  it('does not count a request stamped after the end that is stored while the rollups are read', async () => {
    const range = { from: new Date(UNTIL.getTime() - 5 * HOUR - 7 * MINUTE), to: minutesAfter(20) };
    const late = { ...records[0]!, publicId: `${records[0]!.publicId}_late`, timestamp: minutesAfter(30) };
    const histograms = await endpointHistograms(storingBefore(test.db.sql, '"RouteRollup"', late), scope, range);
    records.push(late);
    const expected = new Map<string, number>();
    for (const r of records.filter((r) => r.environmentId === scope.environmentId)) {
      if (r.timestamp < range.from || r.timestamp >= range.to) continue;
      expected.set(endpointKey(r), (expected.get(endpointKey(r)) ?? 0) + 1);
    }
    expect(new Map([...histograms].map(([key, h]) => [key, h.count]))).toEqual(expected);
    const [stored] = await test.db.sql.query<{ n: number }>(
      `SELECT count(*)::int AS n FROM "Request" WHERE "publicId" = $1`,
      [late.publicId],
    );
    expect(Number(stored!.n)).toBe(1);
  });

  it('reads a range histogram ending late in a quarter, with requests stored after it, once', async () => {
    let histogramReads = 0;
    const counting: SqlClient = {
      ...test.db.sql,
      engine: test.db.sql.engine,
      query: (text, params, options) => {
        if (text.includes('"LatencyHistogram"')) histogramReads++;
        return test.db.sql.query(text, params, options);
      },
    };
    // 13 minutes into its quarter, 5 hours before the last request: the quarter minus its last 2 minutes is read.
    const to = minutesAfter(-5 * 60 + 13);
    await rangeHistogram(counting, scope, { from: new Date(to.getTime() - 6 * HOUR), to });
    // Before: 2, the subtracted piece's end taken for a cell counting past `to`, so the range was read again.
    expect(histogramReads).toBe(1);
  });

  it('hourly cells, the range histogram and endpoint histograms count exactly the requests of random ranges ending before, in or after the last stored hour', async () => {
    const ranges = fc
      .tuple(fc.integer({ min: 0, max: 14 * 3600 }), fc.integer({ min: 60, max: 8 * 3600 }), fc.nat(999))
      .map(([start, length, ms]) => {
        const from = new Date(UNTIL.getTime() - 20 * HOUR + start * 1000 + ms);
        return { from, to: new Date(from.getTime() + length * 1000 + ms) };
      });
    await fc.assert(
      fc.asyncProperty(ranges, fc.constantFrom(null, 'orders', 'billing'), async (range, bucket) => {
        const scoped = { ...scope, bucketIds: bucket ? [account.buckets[bucket]!] : null };
        const inScope = records.filter(
          (r) =>
            r.environmentId === scope.environmentId &&
            (!bucket || r.bucketId === account.buckets[bucket]) &&
            r.timestamp >= range.from &&
            r.timestamp < range.to,
        );
        const [cells, overall, endpoints] = await Promise.all([
          hourlyCells(test.db.sql, scoped, range, null),
          rangeHistogram(test.db.sql, scoped, range),
          endpointHistograms(test.db.sql, scoped, range),
        ]);
        for (const cell of cells) {
          const inside = inScope.filter((r) => r.timestamp >= cell.from && r.timestamp < cell.to);
          expect([cell.count, cell.errors, cell.bins.count]).toEqual([
            inside.length,
            inside.filter((r) => r.status >= 400).length,
            inside.length,
          ]);
        }
        expect([overall.count, overall.bins.count]).toEqual([inScope.length, inScope.length]);
        const perEndpoint = new Map<string, number>();
        for (const r of inScope) perEndpoint.set(endpointKey(r), (perEndpoint.get(endpointKey(r)) ?? 0) + 1);
        expect(new Map([...endpoints].map(([key, h]) => [key, [h.count, h.bins.count]]))).toEqual(
          new Map([...perEndpoint].map(([key, n]) => [key, [n, n]])),
        );
      }),
      { numRuns: RUNS },
    );
  }, 120_000);
});
