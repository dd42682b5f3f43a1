import type { DatabaseKind } from '../../src/db/database.ts';
import { ensureDemoAccount } from '../../src/domain/demo/seed-demo.ts';
import { createGraphQLHarness } from '../helpers/graphql-harness.ts';
import { benchDatabase, timeMedian } from './bench-database.ts';
import { bulkSeedDemo, type BulkSeedTimes } from './bulk-seed.ts';

export const ANALYTICS_QUERIES: Record<string, string> = {
  '30-day metrics':
    '{ metrics(environment: "production", range: { since: "30d" }) { totalRequests averageResponseTimeMs errorCount blockedCount } }',
  '24h throughput':
    '{ throughput(environment: "production", range: { since: "24h" }) { points { time total status5xx } } }',
  '24h response times':
    '{ responseTimes(environment: "production", range: { since: "24h" }) { overall { p50Ms p95Ms p99Ms } points { time stats { p95Ms } } } }',
  '30-day response times':
    '{ responseTimes(environment: "production", range: { since: "30d" }) { overall { p50Ms p95Ms p99Ms } points { time stats { p95Ms } } } }',
  'filtered search page':
    '{ searchRequests(environment: "production", range: { since: "24h" }, filter: { methods: ["POST"], statusClasses: [SERVER_ERROR] }, first: 20) { totalCount nodes { id status durationMs } } }',
  'errors page':
    '{ errors(environment: "production", range: { since: "24h" }, first: 20) { totalCount nodes { id status path } } }',
  '24h endpoints by p95 change':
    '{ endpoints(environment: "production", range: { since: "24h" }, sort: change, first: 20) { totalCount nodes { method route p95Change stats { count p95Ms } } } }',
  '7-day endpoints':
    '{ endpoints(environment: "production", range: { since: "7d" }, first: 20) { totalCount nodes { method route stats { count errorRate p50Ms p95Ms p99Ms } } } }',
  '24h response times, one route':
    '{ responseTimes(environment: "production", range: { since: "24h" }, filter: { route: "/api/users/:id", methods: ["GET"] }) { overall { p95Ms } points { time stats { p95Ms } } } }',
  '24h comparePeriods vs previous day':
    '{ comparePeriods(environment: "production", after: { since: "24h" }) { significantCount overall { p95Ratio } endpoints { method route verdict p95Ratio } } }',
  '24h anomalies (p95, overall)':
    '{ anomalies(environment: "production", range: { since: "24h" }) { summary { p95Ms } anomalies { time score } } }',
  '24h anomalies (error rate, one route)':
    '{ anomalies(environment: "production", range: { since: "24h" }, metric: error_rate, method: "GET", route: "/api/users/:id") { summary { errorRate } anomalies { time score } } }',
  'top error groups (30d)':
    '{ topErrors(environment: "production", range: { since: "30d" }, limit: 10) { groups { method route status count } } }',
};

/**
 * The instant every timed range ends at: the last hh:29:00 at or before `now`. Each size is queried over the same
 * ranges, so 5M/1M compares data size alone. Ranges used to end at the moment each query ran, so the 5M queries
 * (run after 6–18 more minutes of seeding) started later in their first hour and read more raw rows there than the
 * 1M ones. Minute 29 is about the worst case for a range's start: the raw piece read there (the hour
 * minus its part before the start, or the rest of the hour) is longest at half past.
 */
export function benchAnchor(now: Date): Date {
  const anchor = new Date(now);
  anchor.setUTCMinutes(29, 0, 0);
  if (anchor > now) anchor.setUTCHours(anchor.getUTCHours() - 1);
  return anchor;
}

/** A bench query with each `since` range ending at `until` rather than at now. */
export function anchoredQuery(query: string, until: Date): string {
  return query.replace(/since: "([^"]+)"/g, (_match, span: string) => `since: "${span}", to: "${until.toISOString()}"`);
}

export interface AnalyticsResult {
  kind: DatabaseKind;
  rows: number;
  medians: Record<string, number>;
  seedSeconds: number;
  seeding: BulkSeedTimes;
  /** This process's resident memory after seeding and timing (PGlite's buffers and caches live in it). */
  rssMiB: number;
}

/** Seeds up to each size in turn (1M, then 5M: the second adds to the first) and times every query. */
export async function benchAnalytics(kind: DatabaseKind, sizes: number[], runs: number): Promise<AnalyticsResult[]> {
  const { db, dispose } = await benchDatabase(kind);
  const results: AnalyticsResult[] = [];
  try {
    // Traffic up to the anchor and none after, as live traffic is stamped: rounding up to the next hour (runs up
    // to 33) put up to an hour of requests after now, which no real ingest stores.
    const until = benchAnchor(new Date());
    process.stderr.write(`${kind}: ranges end at ${until.toISOString()}\n`);
    const harness = await createGraphQLHarness(db);
    let stored = 0;
    for (const size of sizes) {
      const options = { seed: 2026, requests: size, days: 30, until };
      const account = await ensureDemoAccount(db, options);
      const started = performance.now();
      // The generator is addressed by index, so growing 1M to 5M keeps the first 1M and adds the rest.
      const seeding = await bulkSeedDemo(db, kind, account, options, stored);
      const seedSeconds = (performance.now() - started) / 1000;
      stored = size;
      // Both engines measured with fresh statistics: autovacuum on PostgreSQL, noteBulkWrite on PGlite (here forced).
      await db.sql.exec(kind === 'postgres' ? 'VACUUM ANALYZE' : 'ANALYZE');
      // Seeding leaves gigabytes of dirty pages; flush them now rather than while queries are being timed.
      if (kind === 'postgres') await db.sql.exec('CHECKPOINT');
      const medians: Record<string, number> = {};
      for (const [name, query] of Object.entries(ANALYTICS_QUERIES)) {
        const anchored = anchoredQuery(query, until);
        medians[name] = await timeMedian(runs, async () => {
          const result = await harness.execute(anchored);
          if (result.errors) throw new Error(`${name}: ${result.errors[0]!.message}`);
        });
        process.stderr.write(`${kind} ${size.toLocaleString('en-US')}: ${name} ${medians[name]!.toFixed(1)} ms\n`);
      }
      const rssMiB = process.memoryUsage().rss / 2 ** 20;
      results.push({ kind, rows: size, medians, seedSeconds, seeding, rssMiB });
    }
  } finally {
    await dispose();
  }
  return results;
}
