import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { binSql } from '../../../src/domain/analytics/latency-bins.ts';
import { storeRequests } from '../../../src/domain/ingest/store-requests.ts';
import { createTestDatabase, DATABASE_KINDS, type TestDatabase } from '../../helpers/databases.ts';
import { createAccount } from '../../helpers/fixtures.ts';
import { demoRecordsFor } from '../../bench/store-throughput.ts';

// The rollups as SQL would compute them from the stored rows: what the in-process folding must equal.
const periodStart = 'to_timestamp(floor(extract(epoch from "timestamp") / p.period) * p.period)';
const expanded = `FROM "Request" CROSS JOIN (VALUES (60), (900), (3600), (21600), (86400)) AS p(period) CROSS JOIN LATERAL (VALUES ("bucketId"), ('*')) AS k(bucket)`;
// Route rows are per bucket only: no environment-wide ('*') rows.
const perBucket = `FROM "Request" CROSS JOIN (VALUES (3600), (86400)) AS p(period) CROSS JOIN LATERAL (VALUES ("bucketId")) AS k(bucket)`;

const ROLLUPS_FROM_ROWS = `
SELECT "environmentId", bucket AS "bucketId", period, ${periodStart} AS "periodStart", count(*)::int AS count,
  count(*) FILTER (WHERE status < 200)::int AS s1, count(*) FILTER (WHERE status BETWEEN 200 AND 299)::int AS s2,
  count(*) FILTER (WHERE status BETWEEN 300 AND 399)::int AS s3, count(*) FILTER (WHERE status BETWEEN 400 AND 499)::int AS s4,
  count(*) FILTER (WHERE status >= 500)::int AS s5, count(*) FILTER (WHERE blocked)::int AS blocked,
  round(sum("durationMs")::numeric, 6)::float8 AS sum, min("durationMs") AS min, max("durationMs") AS max
${expanded} GROUP BY 1, 2, 3, 4 ORDER BY 1, 2, 3, 4`;
const ROLLUPS_STORED = `
SELECT "environmentId", "bucketId", period, "periodStart", count, "status1xx" AS s1, "status2xx" AS s2, "status3xx" AS s3,
  "status4xx" AS s4, "status5xx" AS s5, blocked, round("durationSum"::numeric, 6)::float8 AS sum, "durationMin" AS min, "durationMax" AS max
FROM "RequestRollup" ORDER BY 1, 2, 3, 4`;
const HISTOGRAMS_FROM_ROWS = `
SELECT "environmentId", bucket AS "bucketId", period, start AS "periodStart", latency_counts_of(array_agg(bin), array_agg(n))::text AS counts
FROM (SELECT "environmentId", bucket, period, ${periodStart} AS start, ${binSql('"durationMs"')}::int AS bin, count(*) AS n
  ${expanded} WHERE period >= 900 GROUP BY 1, 2, 3, 4, 5) AS bins
GROUP BY 1, 2, 3, 4 ORDER BY 1, 2, 3, 4`;
const HISTOGRAMS_STORED = `SELECT "environmentId", "bucketId", period, "periodStart", counts::text AS counts FROM "LatencyHistogram" ORDER BY 1, 2, 3, 4`;
const ERRORS_FROM_ROWS = `
SELECT "environmentId", bucket AS "bucketId", period, ${periodStart} AS "periodStart", method, route, status, count(*)::int AS count
${expanded} WHERE status >= 400 AND period IN (60, 3600, 86400) GROUP BY 1, 2, 3, 4, 5, 6, 7 ORDER BY 1, 2, 3, 4, 5, 6, 7`;
const ROUTES_FROM_ROWS = `
SELECT "environmentId", bucket AS "bucketId", period, start AS "periodStart", method, route, sum(n)::int AS count, sum(s4)::int AS s4, sum(s5)::int AS s5,
  round(sum(dsum)::numeric, 6)::float8 AS sum, min(dmin) AS min, max(dmax) AS max, latency_counts_of(array_agg(bin), array_agg(n))::text AS counts
FROM (SELECT "environmentId", bucket, period, ${periodStart} AS start, method, route, ${binSql('"durationMs"')}::int AS bin, count(*) AS n,
  count(*) FILTER (WHERE status BETWEEN 400 AND 499) AS s4, count(*) FILTER (WHERE status >= 500) AS s5, sum("durationMs") AS dsum,
  min("durationMs") AS dmin, max("durationMs") AS dmax
  ${perBucket} GROUP BY 1, 2, 3, 4, 5, 6, 7) AS bins
GROUP BY 1, 2, 3, 4, 5, 6 ORDER BY 1, 2, 3, 4, 5, 6`;
const ROUTES_STORED = `SELECT "environmentId", "bucketId", period, "periodStart", method, route, count, "status4xx" AS s4, "status5xx" AS s5,
  round("durationSum"::numeric, 6)::float8 AS sum, "durationMin" AS min, "durationMax" AS max, counts::text AS counts FROM "RouteRollup" ORDER BY 1, 2, 3, 4, 5, 6`;
const ERRORS_STORED = `SELECT "environmentId", "bucketId", period, "periodStart", method, route, status, count FROM "ErrorRollup" ORDER BY 1, 2, 3, 4, 5, 6, 7`;

describe.each(DATABASE_KINDS)('storing requests on %s', (kind) => {
  let test: TestDatabase;
  let records: ReturnType<typeof demoRecordsFor>;

  beforeAll(async () => {
    test = await createTestDatabase(kind);
    const account = await createAccount(test.db, 'store', ['production'], ['payments-api', 'users-api']);
    const [a, b] = Object.values(account.buckets);
    records = demoRecordsFor(
      { accountId: account.accountId, environmentId: account.environments.production!, bucketIds: [a!, b!] },
      1500,
      7,
    );
  });
  afterAll(() => test.dispose());

  it('keeps every rollup, histogram cell, error count and route row equal to what the stored rows add up to', async () => {
    for (let i = 0; i < 1000; i += 250) await storeRequests(test.db.sql, records.slice(i, i + 250));
    expect(await test.db.sql.query(ROLLUPS_STORED)).toEqual(await test.db.sql.query(ROLLUPS_FROM_ROWS));
    expect(await test.db.sql.query(HISTOGRAMS_STORED)).toEqual(await test.db.sql.query(HISTOGRAMS_FROM_ROWS));
    const errors = await test.db.sql.query(ERRORS_STORED);
    expect(errors.length).toBeGreaterThan(0);
    expect(errors).toEqual(await test.db.sql.query(ERRORS_FROM_ROWS));
    const routes = await test.db.sql.query(ROUTES_STORED);
    expect(routes.length).toBeGreaterThan(0);
    expect(routes).toEqual(await test.db.sql.query(ROUTES_FROM_ROWS));
  });

  it('stores only the new records of a batch that repeats stored ones, and counts them once', async () => {
    const batch = [...records.slice(900, 1000), ...records.slice(1000, 1100), records[1000]!];
    const stored = await storeRequests(test.db.sql, batch);
    expect(stored).toEqual(records.slice(1000, 1100).map((r) => r.publicId));
    expect(await test.db.prisma.request.count()).toBe(1100);
    expect(await test.db.sql.query(ROLLUPS_STORED)).toEqual(await test.db.sql.query(ROLLUPS_FROM_ROWS));
  });

  it('stores text that COPY reads as structure exactly as it came', async () => {
    const awkward = {
      ...records[1200]!,
      url: 'https://api.example.com/a\\b?q=tab\tend',
      requestBody: 'line one\nline two\r\n\\N\t\\.',
      requestHeaders: { 'x-odd': 'back\\slash "quoted"\ttab' },
    };
    await storeRequests(test.db.sql, [awkward]);
    const row = await test.db.prisma.request.findUniqueOrThrow({ where: { publicId: awkward.publicId } });
    expect({ url: row.url, requestBody: row.requestBody, requestHeaders: row.requestHeaders }).toEqual({
      url: awkward.url,
      requestBody: awkward.requestBody,
      requestHeaders: awkward.requestHeaders,
    });
  });

  it('stores nothing of a batch the database refuses', async () => {
    const before = await test.db.sql.query(ROLLUPS_STORED);
    const refused = [records[1300]!, { ...records[1301]!, status: 2 ** 40 }];
    await expect(storeRequests(test.db.sql, refused)).rejects.toThrow();
    expect(await test.db.prisma.request.count({ where: { publicId: { in: refused.map((r) => r.publicId) } } })).toBe(0);
    expect(await test.db.sql.query(ROLLUPS_STORED)).toEqual(before);
  });

  it('leaves route rollups alone and keeps every other rollup exact when asked to skip them (the benchmark baseline)', async () => {
    const routesBefore = await test.db.sql.query(ROUTES_STORED);
    const stored = await storeRequests(test.db.sql, records.slice(1400, 1500), { routeRollups: false });
    expect(stored).toHaveLength(100);
    expect(await test.db.sql.query(ROUTES_STORED)).toEqual(routesBefore);
    expect(await test.db.sql.query(ROLLUPS_STORED)).toEqual(await test.db.sql.query(ROLLUPS_FROM_ROWS));
    expect(await test.db.sql.query(HISTOGRAMS_STORED)).toEqual(await test.db.sql.query(HISTOGRAMS_FROM_ROWS));
    expect(await test.db.sql.query(ERRORS_STORED)).toEqual(await test.db.sql.query(ERRORS_FROM_ROWS));
  });
});
