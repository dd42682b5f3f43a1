import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ensureDemoAccount, seedDemoTraffic, type DemoAccount } from '../../src/domain/demo/seed-demo.ts';
import { createTestDatabase, DATABASE_KINDS, type TestDatabase } from '../helpers/databases.ts';
import { bulkSeedDemo } from './bulk-seed.ts';

const until = new Date('2026-11-01T00:00:00Z');
// Grown in two steps as the benchmark grows 1M to 5M: the second plan spreads its requests differently,
// and its cells overlap the first step's, so the second build adds to rollup rows already there.
const FIRST = { seed: 7, requests: 1_200, days: 2, until };
const SECOND = { ...FIRST, requests: 2_000 };

// Every column but the serial id and the time of writing; durationSum rounded, as sums in another order differ in their last bits;
// histogram arrays as text, which keeps their lower bound (the first bin).
const TABLES = {
  Request: `SELECT to_jsonb(t) - 'id' - 'createdAt' AS row FROM "Request" AS t ORDER BY "publicId"`,
  RequestRollup: `SELECT to_jsonb(t) || jsonb_build_object('durationSum', round(t."durationSum"::numeric, 6)) AS row
    FROM "RequestRollup" AS t ORDER BY 1`,
  LatencyHistogram: `SELECT to_jsonb(t) || jsonb_build_object('counts', t.counts::text) AS row FROM "LatencyHistogram" AS t ORDER BY 1`,
  ErrorRollup: `SELECT to_jsonb(t) AS row FROM "ErrorRollup" AS t ORDER BY 1`,
  RouteRollup: `SELECT to_jsonb(t) || jsonb_build_object('durationSum', round(t."durationSum"::numeric, 6), 'counts', t.counts::text) AS row
    FROM "RouteRollup" AS t ORDER BY 1`,
  ExclusionRuleHits: `SELECT to_jsonb(t) AS row FROM "ExclusionRuleHits" AS t ORDER BY 1`,
  RedactionRuleHits: `SELECT to_jsonb(t) AS row FROM "RedactionRuleHits" AS t ORDER BY 1`,
  'rule totals': `SELECT jsonb_build_object('id', id, 'hitCount', "hitCount") AS row FROM "ExclusionRule"
    UNION ALL SELECT jsonb_build_object('id', id, 'hitCount', "hitCount") FROM "RedactionRule" ORDER BY 1`,
} as const;
type Table = keyof typeof TABLES;

const CLEARED = `
DELETE FROM "Request"; DELETE FROM "RequestRollup"; DELETE FROM "LatencyHistogram"; DELETE FROM "ErrorRollup";
DELETE FROM "RouteRollup"; DELETE FROM "ExclusionRuleHits"; DELETE FROM "RedactionRuleHits";
UPDATE "ExclusionRule" SET "hitCount" = 0; UPDATE "RedactionRule" SET "hitCount" = 0;`;

describe.each(DATABASE_KINDS)('bulk seeding on %s', (kind) => {
  let test: TestDatabase;
  let account: DemoAccount;
  const demoSeeded = new Map<Table, unknown[]>();
  const bulkSeeded = new Map<Table, unknown[]>();
  const snapshot = async (into: Map<Table, unknown[]>) => {
    for (const [table, sql] of Object.entries(TABLES) as [Table, string][])
      into.set(
        table,
        (await test.db.sql.query<{ row: unknown }>(sql)).map((r) => r.row),
      );
  };

  beforeAll(async () => {
    test = await createTestDatabase(kind);
    account = await ensureDemoAccount(test.db, { until });
    // The product's path: batches of 300 through storeRequests, each adding to the rollups.
    await seedDemoTraffic(test.db, account, FIRST, { offset: 0, count: FIRST.requests }, 300);
    await seedDemoTraffic(test.db, account, SECOND, { offset: FIRST.requests, count: SECOND.requests }, 300);
    await snapshot(demoSeeded);
    await test.db.sql.exec(CLEARED);
    await bulkSeedDemo(test.db, kind, account, FIRST, 0);
    await bulkSeedDemo(test.db, kind, account, SECOND, FIRST.requests);
    await snapshot(bulkSeeded);
  });
  afterAll(() => test.dispose());

  it.each(Object.keys(TABLES) as Table[])('leaves %s as the demo seeding does', (table) => {
    expect(demoSeeded.get(table)!.length).toBeGreaterThan(0);
    expect(bulkSeeded.get(table)).toEqual(demoSeeded.get(table));
  });

  it('stores every request of the plan', () => {
    expect(bulkSeeded.get('Request')).toHaveLength(SECOND.requests);
  });
});
