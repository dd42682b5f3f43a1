import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { SqlClient } from '../../../src/db/sql-client.ts';
import { comparePeriods } from '../../../src/domain/analytics/compare-periods.ts';
import { endpointKey, endpoints } from '../../../src/domain/analytics/endpoints.ts';
import type { TrafficScope } from '../../../src/domain/analytics/traffic-scope.ts';
import type { RequestRecord } from '../../../src/domain/ingest/request-record.ts';
import { createTestDatabase, DATABASE_KINDS, type TestDatabase } from '../../helpers/databases.ts';
import { createAccount } from '../../helpers/fixtures.ts';
import { EVERY_RAW_ROW_KEPT, exactPercentile, store, trafficFor } from '../../helpers/traffic-data.ts';

const RUNS = Number(process.env.PROPERTY_RUNS ?? 15);
const UNTIL = new Date('2026-11-06T00:00:00Z');
const MINUTE = 60_000;
const HOUR = 60 * MINUTE;

const sameInstant = (value: unknown, at: Date) =>
  (value instanceof Date || typeof value === 'string') && new Date(value).getTime() === at.getTime();

type Statement = { text: string; params: unknown[] };

/** A SQL client that keeps every statement it runs, with its parameters. */
function recording(sql: SqlClient): { sql: SqlClient; statements: Statement[] } {
  const statements: Statement[] = [];
  return {
    statements,
    sql: {
      ...sql,
      query: (text, params = []) => (statements.push({ text, params: [...params] }), sql.query(text, params)),
    },
  };
}

/**
 * How many per-endpoint reads of raw rows were bound to `at`: reads of a raw piece starting or ending there (the
 * environment-wide reads of comparePeriods' overall figures and the probes of what follows a range bind it too).
 */
const rawReadsAt = (statements: Statement[], at: Date) =>
  statements.filter(
    ({ text, params }) =>
      text.includes('FROM "Request"') && text.includes('"route" AS route') && params.some((v) => sameInstant(v, at)),
  ).length;

describe.each(DATABASE_KINDS)('a raw piece two adjacent ranges share, on %s', (kind) => {
  let test: TestDatabase;
  let records: RequestRecord[];
  let scope: TrafficScope;

  beforeAll(async () => {
    test = await createTestDatabase(kind);
    const account = await createAccount(test.db, 'shared', ['production'], ['api', 'web']);
    records = trafficFor(account, { seed: 23, requests: 6_000, days: 3, until: UNTIL });
    await store(test.db, records);
    scope = { environmentId: account.environments.production!, bucketIds: null, rawRetainedFrom: EVERY_RAW_ROW_KEPT };
  }, 120_000);
  afterAll(() => test.dispose());

  const byEndpoint = (from: Date, to: Date) => {
    const groups = new Map<string, number[]>();
    for (const r of records)
      if (r.environmentId === scope.environmentId && r.timestamp >= from && r.timestamp < to)
        groups.set(endpointKey(r), [...(groups.get(endpointKey(r)) ?? []), r.durationMs]);
    return groups;
  };

  // A range starting a minute past the hour reads its first hour minus that minute, which ends the previous period.
  // Later in the hour each reads its own quarters and the minutes to the next quarter instead (quarter-pieces.ts).
  it('endpoints read the rows before the start once, for the range and for the end of the previous period', async () => {
    const range = { from: new Date(UNTIL.getTime() - 24 * HOUR + MINUTE), to: new Date(UNTIL.getTime() - HOUR) };
    const { sql, statements } = recording(test.db.sql);
    await endpoints(sql, scope, range, { sort: 'change', limit: 100, offset: 0 });
    expect(rawReadsAt(statements, range.from)).toBe(1);
  });

  it('a one-hour range late in an hour reads its start raw, as the previous hour shares no piece with it', async () => {
    const range = {
      from: new Date(UNTIL.getTime() - 3 * HOUR + 40 * MINUTE),
      to: new Date(UNTIL.getTime() - HOUR - 20 * MINUTE),
    };
    const hourStart = new Date(UNTIL.getTime() - 3 * HOUR);
    const { sql, statements } = recording(test.db.sql);
    await endpoints(sql, scope, range, { sort: 'change', limit: 100, offset: 0 });
    expect(rawReadsAt(statements, hourStart)).toBe(0);
  });

  it('comparePeriods around an instant reads the rows before it once', async () => {
    const at = new Date(UNTIL.getTime() - 30 * HOUR + MINUTE);
    const { sql, statements } = recording(test.db.sql);
    await comparePeriods(
      sql,
      scope,
      { from: new Date(at.getTime() - 6 * HOUR), to: at },
      { from: at, to: new Date(at.getTime() + 6 * HOUR) },
    );
    expect(rawReadsAt(statements, at)).toBe(1);
  });

  it('comparePeriods whose before period is its hour up to the instant reads that piece once', async () => {
    const at = new Date(UNTIL.getTime() - 30 * HOUR + 2 * MINUTE);
    const { sql, statements } = recording(test.db.sql);
    await comparePeriods(
      sql,
      scope,
      { from: new Date(at.getTime() - 2 * MINUTE), to: at },
      { from: at, to: new Date(at.getTime() + 4 * HOUR) },
    );
    expect(rawReadsAt(statements, at)).toBe(1);
  });

  it('endpoints of a range and of its previous period count exactly their raw rows, percentiles within 2%, for random unaligned starts', async () => {
    const ranges = fc
      .tuple(
        fc.integer({ min: 0, max: 36 * 60 }),
        fc.integer({ min: 30, max: 24 * 60 }),
        fc.integer({ min: 0, max: 59_999 }),
      )
      .map(([start, length, ms]) => {
        const from = new Date(UNTIL.getTime() - 48 * HOUR + start * MINUTE + ms);
        return { from, to: new Date(Math.min(from.getTime() + length * MINUTE, UNTIL.getTime() + 30 * MINUTE)) };
      });
    await fc.assert(
      fc.asyncProperty(ranges, async (range) => {
        const page = await endpoints(test.db.sql, scope, range, { sort: 'volume', limit: 1_000, offset: 0 });
        const now = byEndpoint(range.from, range.to);
        const then = byEndpoint(page.previousRange.from, page.previousRange.to);
        expect(page.totalEndpoints).toBe(now.size);
        for (const row of page.endpoints) {
          const durations = now.get(endpointKey(row))!;
          expect(row.count).toBe(durations.length);
          // The range's own percentiles come from a cell minus a subtracted piece, when it starts that way.
          const exactNow = exactPercentile(
            [...durations].sort((a, b) => a - b),
            0.95,
          );
          expect(Math.abs(row.p95Ms - exactNow) / exactNow).toBeLessThanOrEqual(0.02);
          const before = then.get(endpointKey(row));
          expect(row.previous?.count ?? 0).toBe(before?.length ?? 0);
          if (!row.previous || !before) continue;
          const exact = exactPercentile(
            [...before].sort((a, b) => a - b),
            0.95,
          );
          expect(Math.abs(row.previous.p95Ms - exact) / exact).toBeLessThanOrEqual(0.02);
        }
      }),
      { numRuns: RUNS },
    );
  }, 120_000);
});
