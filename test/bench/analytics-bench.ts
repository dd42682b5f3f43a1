import type { Database, DatabaseKind } from '../../src/db/database.ts';
import { ensureDemoAccount } from '../../src/domain/demo/seed-demo.ts';
import { createGraphQLHarness } from '../helpers/graphql-harness.ts';
import { benchDatabaseTwins, median } from './bench-database.ts';
import { bulkSeedDemo, type BulkSeedTimes } from './bulk-seed.ts';
import { compactRouteQuartersBetween, quarterFloor } from '../../src/domain/route-quarters/compact-route-quarters.ts';
import { pairedRatios, type PairedRatios } from './paired-ratios.ts';

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
  /** Compacting the seeded traffic's route quarters, as the server's schedule would have (part of seedSeconds). */
  quartersSeconds: number;
  /** This process's resident memory after seeding both sizes and timing (PGlite's buffers and caches live in it). */
  rssMiB: number;
}

export interface AnalyticsPairs {
  kind: DatabaseKind;
  /** The small and the large size, and each one's medians and seeding. */
  sizes: [AnalyticsResult, AnalyticsResult];
  /** Per query, large over small as the median of the pairs' ratios, with its 95% interval. */
  ratios: Record<string, PairedRatios>;
}

/** Which size each pair times first, in ABBA order: pair 0 small then large, pair 1 large then small, and so on. */
export function pairOrder(pairs: number): Array<[0 | 1, 0 | 1]> {
  return Array.from({ length: pairs }, (_, i) => (i % 2 === 0 ? [0, 1] : [1, 0]));
}

/** Each size's median time and large over small as the median of the pairs' ratios. */
export function summarisePairs(times: Array<[number, number]>): { medians: [number, number]; ratio: PairedRatios } {
  return {
    medians: [median(times.map((t) => t[0])), median(times.map((t) => t[1]))],
    ratio: pairedRatios(times.map(([small, large]) => large / small)),
  };
}

/** Whether the pairs show a ratio at most `limit`: only an interval wholly on one side of it shows either way. */
export function ceilingVerdict(summary: PairedRatios, limit: number): 'shown' | 'not resolved' | 'shown over' {
  if (!summary.resolvable) return 'not resolved';
  if (summary.high <= limit) return 'shown';
  if (summary.low > limit) return 'shown over';
  return 'not resolved';
}

export const RATIO_TARGET = 1.5;

/**
 * Seeds a small and a large database (the large one grown from a copy of the small) and times every query in
 * `runs` pairs, one run on each size back to back in ABBA order after a warm-up of each, so that the machine's
 * load, which drifts over minutes, falls on both sizes alike and the ratio of each pair compares size alone.
 */
export async function benchAnalytics(kind: DatabaseKind, sizes: number[], runs: number): Promise<AnalyticsPairs> {
  if (sizes.length !== 2 || sizes[0]! >= sizes[1]!) throw new Error('the analytics bench takes two sizes, small first');
  // Traffic up to the anchor and none after, as live traffic is stamped: rounding up to the next hour (runs up
  // to 33) put up to an hour of requests after now, which no real ingest stores.
  const until = benchAnchor(new Date());
  process.stderr.write(`${kind}: ranges end at ${until.toISOString()}\n`);
  const seeded: Array<{ seedSeconds: number; seeding: BulkSeedTimes; quartersSeconds: number }> = [];
  // The generator is addressed by index, so growing the copy of the small size keeps its rows and adds the rest.
  const grow = async (db: Database, from: number, size: number) => {
    const options = { seed: 2026, requests: size, days: 30, until };
    const account = await ensureDemoAccount(db, options);
    const started = performance.now();
    const seeding = await bulkSeedDemo(db, kind, account, options, from);
    // A running server compacts route quarters a minute after each ends; the bulk load had no server running.
    const quartersStarted = performance.now();
    await compactRouteQuartersBetween(
      db.sql,
      new Date(until.getTime() - (options.days + 1) * 86_400_000),
      new Date(quarterFloor(until.getTime())),
    );
    const quartersSeconds = (performance.now() - quartersStarted) / 1000;
    // Both engines measured with fresh statistics: autovacuum on PostgreSQL, noteBulkWrite on PGlite (here forced).
    await db.sql.exec(kind === 'postgres' ? 'VACUUM ANALYZE' : 'ANALYZE');
    // Seeding leaves gigabytes of dirty pages; flush them now rather than while queries are being timed.
    if (kind === 'postgres') await db.sql.exec('CHECKPOINT');
    seeded.push({ seedSeconds: (performance.now() - started) / 1000, seeding, quartersSeconds });
    process.stderr.write(
      `${kind}: ${size.toLocaleString('en-US')} seeded in ${seeded.at(-1)!.seedSeconds.toFixed(1)} s\n`,
    );
  };
  const copyStarted = performance.now();
  const { dbs, dispose } = await benchDatabaseTwins(kind, (db) => grow(db, 0, sizes[0]!));
  process.stderr.write(
    `${kind}: copied and reopened in ${((performance.now() - copyStarted) / 1000 - seeded[0]!.seedSeconds).toFixed(1)} s\n`,
  );
  try {
    await grow(dbs[1], sizes[0]!, sizes[1]!);
    const rssSeeded = process.memoryUsage().rss / 2 ** 20;
    process.stderr.write(`${kind}: process RSS with both sizes seeded ${rssSeeded.toFixed(0)} MiB\n`);
    const harnesses = [await createGraphQLHarness(dbs[0]), await createGraphQLHarness(dbs[1])];
    const medians: [Record<string, number>, Record<string, number>] = [{}, {}];
    const ratios: Record<string, PairedRatios> = {};
    for (const [name, query] of Object.entries(ANALYTICS_QUERIES)) {
      const anchored = anchoredQuery(query, until);
      const run = async (size: 0 | 1) => {
        const start = performance.now();
        const result = await harnesses[size]!.execute(anchored);
        if (result.errors) throw new Error(`${name}: ${result.errors[0]!.message}`);
        return performance.now() - start;
      };
      // Warm caches and plans; the first run is not what a steady server sees.
      await run(0);
      await run(1);
      const times: Array<[number, number]> = [];
      for (const order of pairOrder(runs)) {
        const pair: [number, number] = [0, 0];
        for (const size of order) pair[size] = await run(size);
        times.push(pair);
      }
      const summary = summarisePairs(times);
      [medians[0][name], medians[1][name]] = summary.medians;
      ratios[name] = summary.ratio;
      process.stderr.write(
        `${kind}: ${name} ${summary.medians.map((m) => m.toFixed(1)).join(' / ')} ms, ratio ${summary.ratio.median.toFixed(2)}\n`,
      );
    }
    const rssMiB = process.memoryUsage().rss / 2 ** 20;
    const result = (size: 0 | 1): AnalyticsResult => ({
      kind,
      rows: sizes[size]!,
      medians: medians[size],
      ...seeded[size]!,
      rssMiB,
    });
    return { kind, sizes: [result(0), result(1)], ratios };
  } finally {
    await dispose();
  }
}

const label = (n: number) => (n >= 1_000_000 ? `${n / 1_000_000}M` : `${n / 1000}k`);
const fmt = (n: number) => n.toFixed(1);

/** The printed table: per query each size's median, then large over small as the median of pairs, per engine. */
export function analyticsTable(results: AnalyticsPairs[], runs: number): string[] {
  const ratioName = (r: AnalyticsPairs) => `${r.kind} ${label(r.sizes[1].rows)}/${label(r.sizes[0].rows)}`;
  const header = results.flatMap((r) => [
    ...r.sizes.map((s) => `${r.kind} ${label(s.rows)}`),
    `${ratioName(r)} (median of pairs)`,
    '95% interval',
    `≤ ${RATIO_TARGET}`,
  ]);
  const lines = [
    `Analytics medians in ms over ${runs} ABBA pairs per query (through GraphQL, in process)`,
    '',
    `| query | ${header.join(' | ')} |`,
    `|---|${header.map(() => '---:').join('|')}|`,
  ];
  for (const query of Object.keys(ANALYTICS_QUERIES)) {
    const cells = results.flatMap((r) => {
      const ratio = r.ratios[query]!;
      return [
        ...r.sizes.map((s) => fmt(s.medians[query]!)),
        ratio.median.toFixed(2),
        `${ratio.low.toFixed(2)}–${ratio.high.toFixed(2)}`,
        ceilingVerdict(ratio, RATIO_TARGET),
      ];
    });
    lines.push(`| ${query} | ${cells.join(' | ')} |`);
  }
  const extras: Array<[string, (s: AnalyticsResult) => number]> = [
    ['seeding (s)', (s) => s.seedSeconds],
    ['of which rows (s)', (s) => s.seeding.rowsSeconds],
    ['of which rollups (s)', (s) => s.seeding.rollupsSeconds],
    ['of which route quarters (s)', (s) => s.quartersSeconds],
    ['process RSS after, both sizes (MiB)', (s) => s.rssMiB],
  ];
  lines.push('');
  for (const [name, pick] of extras)
    lines.push(
      `| ${name} | ${results.flatMap((r) => [...r.sizes.map((s) => fmt(pick(s))), '', '', '']).join(' | ')} |`,
    );
  return lines;
}
