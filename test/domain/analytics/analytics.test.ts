import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { RequestRecord } from '../../../src/domain/ingest/request-record.ts';
import { createTestDatabase, DATABASE_KINDS, type TestDatabase } from '../../helpers/databases.ts';
import { createAccount, createToken, type TestAccount } from '../../helpers/fixtures.ts';
import { createGraphQLHarness, FIXED_DATE_RETENTION_DAYS } from '../../helpers/graphql-harness.ts';
import { exactPercentile, store, trafficFor } from '../../helpers/traffic-data.ts';
import { intervalLabelled, intervalNamed, type IntervalName } from '../../../src/domain/time/intervals.ts';

const UNTIL = new Date('2026-10-10T00:00:00Z');
const HOUR = 3_600_000;
// A range whose ends fall inside minutes, hours and days, so every rollup level and the raw edges are used.
const FROM = new Date(UNTIL.getTime() - 3 * 24 * HOUR + 37 * 60_000 + 13_250);
const TO = new Date(UNTIL.getTime() - 2 * HOUR - 5 * 60_000 - 7_500);
const GAP_START = new Date(UNTIL.getTime() - 30 * HOUR);
const GAP_END = new Date(UNTIL.getTime() - 27 * HOUR);

describe.each(DATABASE_KINDS)('traffic analytics on %s agree with an independent computation', (kind) => {
  let test: TestDatabase;
  let harness: Awaited<ReturnType<typeof createGraphQLHarness>>;
  let account: TestAccount;
  let records: RequestRecord[];
  let token: string;
  const envId = () => account.environments.production!;

  const inScope = (r: RequestRecord, from = FROM, to = TO, bucket?: string) =>
    r.environmentId === envId() && r.timestamp >= from && r.timestamp < to && (!bucket || r.bucketId === bucket);

  beforeAll(async () => {
    test = await createTestDatabase(kind);
    harness = await createGraphQLHarness(test.db, undefined, FIXED_DATE_RETENTION_DAYS);
    account = await createAccount(test.db, 'analytics', ['production', 'staging'], ['orders', 'billing']);
    // A 3-hour outage with no traffic at all, so zero-filled intervals are exercised.
    records = trafficFor(account, { seed: 11, requests: 30_000, days: 4, until: UNTIL }).filter(
      (r) => r.timestamp < GAP_START || r.timestamp >= GAP_END,
    );
    await store(test.db, records);
    token = (await createToken(test.db, account, { environment: 'production', buckets: 'all' })).secret;
  });
  afterAll(() => test.dispose());

  const range = { from: FROM.toISOString(), to: TO.toISOString() };

  it('metrics: counts, errors, blocked, average, min and max are exact over an unaligned range', async () => {
    const result = await harness.execute<{ metrics: Record<string, number> }>(
      `query($range: TimeRangeInput) { metrics(range: $range) { totalRequests errorCount clientErrorCount serverErrorCount blockedCount
        averageResponseTimeMs minResponseTimeMs maxResponseTimeMs errorRate status2xx status3xx } }`,
      { range },
      token,
    );
    expect(result.errors).toBeUndefined();
    const expected = records.filter((r) => inScope(r));
    const m = result.data!.metrics;
    expect(m.totalRequests).toBe(expected.length);
    expect(m.clientErrorCount).toBe(expected.filter((r) => r.status >= 400 && r.status < 500).length);
    expect(m.serverErrorCount).toBe(expected.filter((r) => r.status >= 500).length);
    expect(m.errorCount).toBe(m.clientErrorCount! + m.serverErrorCount!);
    expect(m.blockedCount).toBe(expected.filter((r) => r.blocked).length);
    expect(m.status2xx).toBe(expected.filter((r) => r.status >= 200 && r.status < 300).length);
    expect(m.status3xx).toBe(expected.filter((r) => r.status >= 300 && r.status < 400).length);
    expect(m.averageResponseTimeMs).toBeCloseTo(expected.reduce((s, r) => s + r.durationMs, 0) / expected.length, 6);
    expect(m.minResponseTimeMs).toBe(Math.min(...expected.map((r) => r.durationMs)));
    expect(m.maxResponseTimeMs).toBe(Math.max(...expected.map((r) => r.durationMs)));
    expect(m.errorRate).toBeCloseTo(m.errorCount! / m.totalRequests!, 12);
  });

  it('metrics over a range aligned to whole days (rollups only) are exact too', async () => {
    const from = new Date(UNTIL.getTime() - 2 * 24 * HOUR);
    const result = await harness.execute<{ metrics: { totalRequests: number; serverErrorCount: number } }>(
      `query($range: TimeRangeInput) { metrics(range: $range) { totalRequests serverErrorCount } }`,
      { range: { from: from.toISOString(), to: UNTIL.toISOString() } },
      token,
    );
    const expected = records.filter((r) => inScope(r, from, UNTIL));
    expect(result.data!.metrics).toEqual({
      totalRequests: expected.length,
      serverErrorCount: expected.filter((r) => r.status >= 500).length,
    });
  });

  it('metrics with filters count raw rows exactly', async () => {
    const result = await harness.execute<{ metrics: { totalRequests: number } }>(
      `query($range: TimeRangeInput) { metrics(range: $range, filter: { methods: ["POST"], statusClasses: [CLIENT_ERROR] }) { totalRequests } }`,
      { range },
      token,
    );
    expect(result.data!.metrics.totalRequests).toBe(
      records.filter((r) => inScope(r) && r.method === 'POST' && r.status >= 400 && r.status < 500).length,
    );
  });

  it.each(['5m', '15m', '1h', '6h', '1d'] as const)(
    'throughput at %s: aligned UTC intervals counting exactly the range, cut ends partial, zeros in the gap',
    async (interval) => {
      const result = await harness.execute<{
        throughput: {
          range: { from: string; to: string };
          points: { time: string; partial: boolean; total: number; status5xx: number; status4xx: number }[];
        };
      }>(
        `query($range: TimeRangeInput, $interval: Interval) { throughput(range: $range, interval: $interval) { range { from to } points { time partial total status4xx status5xx } } }`,
        { range, interval: intervalLabelled(interval).name },
        token,
      );
      expect(result.errors).toBeUndefined();
      const size = { '5m': 300_000, '15m': 900_000, '1h': HOUR, '6h': 6 * HOUR, '1d': 24 * HOUR }[interval]!;
      const series = result.data!.throughput;
      expect(series.range).toEqual(range);
      const firstStart = Math.floor(FROM.getTime() / size) * size;
      expect(series.points).toHaveLength(Math.ceil((TO.getTime() - firstStart) / size));
      expect(series.points[0]!.time).toBe(new Date(firstStart).toISOString());
      expect(series.points.map((p) => p.partial)).toEqual(
        series.points.map((_, i) => i === 0 || i === series.points.length - 1),
      );
      // Records in the range, by interval: a cut first or last interval holds only its part inside the range.
      const byInterval = new Map<number, RequestRecord[]>();
      for (const r of records.filter((x) => inScope(x))) {
        const key = Math.floor(r.timestamp.getTime() / size) * size;
        byInterval.set(key, [...(byInterval.get(key) ?? []), r]);
      }
      for (const point of series.points) {
        const inside = byInterval.get(new Date(point.time).getTime()) ?? [];
        expect(point.total).toBe(inside.length);
        expect(point.status5xx).toBe(inside.filter((r) => r.status >= 500).length);
        expect(point.status4xx).toBe(inside.filter((r) => r.status >= 400 && r.status < 500).length);
      }
      expect(series.points.reduce((sum, p) => sum + p.total, 0)).toBe(records.filter((r) => inScope(r)).length);
      if (size <= HOUR) {
        const gapPoints = series.points.filter(
          (p) => new Date(p.time) >= GAP_START && new Date(p.time).getTime() + size <= GAP_END.getTime(),
        );
        expect(gapPoints.length).toBeGreaterThan(0);
        expect(gapPoints.every((p) => p.total === 0)).toBe(true);
      }
    },
  );

  it.each(['5m', '1h', '1d'] as const)(
    'response times at %s: percentiles within 2 percent of exact, count/min/max/avg exact',
    async (interval) => {
      const result = await harness.execute<{
        responseTimes: {
          range: { from: string; to: string };
          overall: Record<string, number>;
          points: { time: string; stats: Record<string, number | null> }[];
        };
      }>(
        `query($range: TimeRangeInput, $interval: Interval) { responseTimes(range: $range, interval: $interval) {
        range { from to } overall { count averageMs minMs maxMs p50Ms p95Ms p99Ms }
        points { time stats { count minMs maxMs p50Ms p95Ms p99Ms } } } }`,
        { range, interval: intervalLabelled(interval).name },
        token,
      );
      expect(result.errors).toBeUndefined();
      const series = result.data!.responseTimes;
      expect(series.range).toEqual(range);
      const all = records
        .filter((r) => inScope(r))
        .map((r) => r.durationMs)
        .sort((a, b) => a - b);
      const check = (stats: Record<string, number | null>, sorted: number[]) => {
        expect(stats.count).toBe(sorted.length);
        if (sorted.length === 0) return expect(stats.p50Ms).toBeNull();
        expect(stats.minMs).toBe(sorted[0]);
        expect(stats.maxMs).toBe(sorted.at(-1));
        for (const [key, p] of [
          ['p50Ms', 0.5],
          ['p95Ms', 0.95],
          ['p99Ms', 0.99],
        ] as const) {
          const exact = exactPercentile(sorted, p);
          expect(Math.abs(stats[key]! - exact) / exact).toBeLessThanOrEqual(0.02);
        }
      };
      check(series.overall, all);
      expect(series.overall.averageMs).toBeCloseTo(all.reduce((s, d) => s + d, 0) / all.length, 6);
      const size = new Date(series.points[1]!.time).getTime() - new Date(series.points[0]!.time).getTime();
      // Every 7th point, and the partial first and last, whose stats cover only their part of the range.
      for (const point of series.points.filter((_, i) => i % 7 === 0 || i === series.points.length - 1)) {
        const start = new Date(point.time).getTime();
        const inside = records.filter((r) =>
          inScope(r, new Date(Math.max(start, FROM.getTime())), new Date(Math.min(start + size, TO.getTime()))),
        );
        check(
          point.stats,
          inside.map((r) => r.durationMs).sort((a, b) => a - b),
        );
      }
    },
  );

  it('omitted intervals: throughput keeps ~200 points, percentile series ~48 fuller ones', async () => {
    const result = await harness.execute<{
      throughput: { interval: IntervalName };
      responseTimes: { interval: IntervalName; points: unknown[] };
    }>(
      `query($range: TimeRangeInput) { throughput(range: $range) { interval } responseTimes(range: $range) { interval points { time } } }`,
      { range: { from: new Date(UNTIL.getTime() - 24 * HOUR).toISOString(), to: UNTIL.toISOString() } },
      token,
    );
    expect(result.errors).toBeUndefined();
    expect(intervalNamed(result.data!.throughput.interval).label).toBe('15m');
    expect(intervalNamed(result.data!.responseTimes.interval).label).toBe('1h');
    expect(result.data!.responseTimes.points).toHaveLength(24);
  });

  it.each([
    ['3 days, counted in whole hours', FROM, TO, HOUR],
    ['9 days, counted in whole UTC days', new Date(FROM.getTime() - 6 * 24 * HOUR), TO, 24 * HOUR],
  ])(
    'top error groups over %s match a grouping of the raw rows in the range echoed (snapped start, the end asked)',
    async (_name, from, to, unit) => {
      const result = await harness.execute<{
        topErrors: {
          range: { from: string; to: string };
          groups: { method: string; route: string; status: number; count: number }[];
        };
      }>(
        `query($range: TimeRangeInput) { topErrors(range: $range, limit: 5) { range { from to } groups { method route status count } } }`,
        { range: { from: from.toISOString(), to: to.toISOString() } },
        token,
      );
      expect(result.errors).toBeUndefined();
      const used = { from: new Date(result.data!.topErrors.range.from), to: new Date(result.data!.topErrors.range.to) };
      expect(used).toEqual({ from: new Date(Math.floor(from.getTime() / unit) * unit), to });
      const counts = new Map<string, number>();
      for (const r of records.filter((x) => inScope(x, used.from, used.to) && x.status >= 400)) {
        const key = `${r.method} ${r.route} ${r.status}`;
        counts.set(key, (counts.get(key) ?? 0) + 1);
      }
      const expected = [...counts.entries()].sort((a, b) => b[1] - a[1]).slice(0, 5);
      const groups = result.data!.topErrors.groups;
      expect(groups.map((g) => g.count)).toEqual(expected.map(([, n]) => n));
      for (const g of groups) expect(counts.get(`${g.method} ${g.route} ${g.status}`)).toBe(g.count);
    },
  );

  it('search pages walk every match once, newest first, with an exact total', async () => {
    const filter = { methods: ['GET'], path: '/api/users' };
    const expected = records
      .filter((r) => inScope(r) && r.method === 'GET' && r.path.startsWith('/api/users'))
      .sort((a, b) => b.timestamp.getTime() - a.timestamp.getTime());
    const seen: string[] = [];
    let after: string | null = null;
    let total = -1;
    for (let page = 0; page < 200; page++) {
      const result: {
        data?: {
          searchRequests: {
            totalCount: number;
            pageInfo: { hasNextPage: boolean; endCursor: string | null };
            nodes: { id: string; timestamp: string }[];
          };
        } | null;
      } = await harness.execute(
        `query($range: TimeRangeInput, $filter: RequestFilterInput, $after: String) { searchRequests(range: $range, filter: $filter, first: 100, after: $after) {
            totalCount pageInfo { hasNextPage endCursor } nodes { id timestamp } } }`,
        { range, filter, after },
        token,
      );
      const connection = result.data!.searchRequests;
      total = connection.totalCount;
      seen.push(...connection.nodes.map((n) => n.id));
      if (!connection.pageInfo.hasNextPage) break;
      after = connection.pageInfo.endCursor;
    }
    expect(total).toBe(expected.length);
    expect(new Set(seen).size).toBe(seen.length);
    expect(seen.sort()).toEqual(expected.map((r) => r.publicId).sort());
  });

  it('a page does not shift when newer requests arrive between pages', async () => {
    const query = `query($range: TimeRangeInput, $after: String) { searchRequests(range: $range, first: 50, after: $after, filter: { blocked: true }) {
      pageInfo { endCursor } nodes { id } } }`;
    const first = await harness.execute<{
      searchRequests: { pageInfo: { endCursor: string }; nodes: { id: string }[] };
    }>(query, { range }, token);
    const expected = records
      .filter((r) => inScope(r) && r.blocked)
      .sort((a, b) => b.timestamp.getTime() - a.timestamp.getTime())
      .map((r) => r.publicId);
    const late = {
      ...records.find((r) => inScope(r) && r.blocked)!,
      publicId: 'req_arrived_late',
      timestamp: new Date(TO.getTime() - 1000),
    };
    await store(test.db, [late]);
    records.push(late);
    const second = await harness.execute<{ searchRequests: { nodes: { id: string }[] } }>(
      query,
      { range, after: first.data!.searchRequests.pageInfo.endCursor },
      token,
    );
    expect(first.data!.searchRequests.nodes.map((n) => n.id)).toEqual(expected.slice(0, 50));
    expect(second.data!.searchRequests.nodes.map((n) => n.id)).toEqual(expected.slice(50, 100));
  });

  it.each([
    [
      { methods: ['POST'], statusClasses: ['SERVER_ERROR'] },
      (r: RequestRecord) => r.method === 'POST' && r.status >= 500,
    ],
    [{ status: 404 }, (r: RequestRecord) => r.status === 404],
    [
      { methods: ['GET'], statusClasses: ['CLIENT_ERROR', 'SERVER_ERROR'] },
      (r: RequestRecord) => r.method === 'GET' && r.status >= 400,
    ],
  ])('search totals for error filters %o come from the error rollups and are exact', async (filter, matches) => {
    const result = await harness.execute<{ searchRequests: { totalCount: number; nodes: { id: string }[] } }>(
      `query($range: TimeRangeInput, $filter: RequestFilterInput) { searchRequests(range: $range, filter: $filter, first: 5) { totalCount nodes { id } } }`,
      { range, filter },
      token,
    );
    const expected = records
      .filter((r) => inScope(r) && matches(r))
      .sort((a, b) => b.timestamp.getTime() - a.timestamp.getTime());
    expect(result.data!.searchRequests.totalCount).toBe(expected.length);
    expect(result.data!.searchRequests.nodes.map((n) => n.id)).toEqual(expected.slice(0, 5).map((r) => r.publicId));
  });

  it('errors lists only 4xx and 5xx', async () => {
    const result = await harness.execute<{ errors: { totalCount: number; nodes: { status: number }[] } }>(
      `query($range: TimeRangeInput) { errors(range: $range, first: 100) { totalCount nodes { status } } }`,
      { range },
      token,
    );
    expect(result.data!.errors.totalCount).toBe(records.filter((r) => inScope(r) && r.status >= 400).length);
    expect(result.data!.errors.nodes.every((n) => n.status >= 400)).toBe(true);
  });
});
