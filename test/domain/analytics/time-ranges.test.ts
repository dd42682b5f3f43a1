import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { RequestRecord } from '../../../src/domain/ingest/request-record.ts';
import { createTestDatabase, DATABASE_KINDS, type TestDatabase } from '../../helpers/databases.ts';
import { createAccount, createToken, type TestAccount } from '../../helpers/fixtures.ts';
import { createGraphQLHarness } from '../../helpers/graphql-harness.ts';
import { store, trafficFor } from '../../helpers/traffic-data.ts';

const HOUR = 3_600_000;

type Range = { from: string; to: string };
type Answers = {
  metrics: { range: Range; totalRequests: number };
  throughput: { range: Range; interval: string; points: { time: string; partial: boolean; total: number }[] };
  responseTimes: {
    range: Range;
    interval: string;
    overall: { count: number };
    points: { time: string; partial: boolean; stats: { count: number } }[];
  };
};

const ANSWERS = `query($range: TimeRangeInput) {
  metrics(range: $range) { range { from to } totalRequests }
  throughput(range: $range) { range { from to } interval points { time partial total } }
  responseTimes(range: $range) { range { from to } interval overall { count } points { time partial stats { count } } }
}`;

describe.each(DATABASE_KINDS)(
  'time ranges on %s: what is echoed is what is counted, and nothing runs past now',
  (kind) => {
    let test: TestDatabase;
    let harness: Awaited<ReturnType<typeof createGraphQLHarness>>;
    let account: TestAccount;
    let records: RequestRecord[];
    let token: string;
    const started = new Date();

    beforeAll(async () => {
      test = await createTestDatabase(kind);
      harness = await createGraphQLHarness(test.db);
      account = await createAccount(test.db, 'ranges', ['production'], ['orders']);
      // Traffic up to a minute ago, none within a minute of 24 h ago: each field reads its own "now", ms apart.
      const dayAgo = started.getTime() - 24 * HOUR;
      records = trafficFor(account, {
        seed: 5,
        requests: 6000,
        days: 2,
        until: new Date(started.getTime() - 60_000),
      }).filter((r) => Math.abs(r.timestamp.getTime() - dayAgo) > 60_000);
      await store(test.db, records);
      token = (await createToken(test.db, account, { environment: 'production', buckets: 'all' })).secret;
    });
    afterAll(() => test.dispose());

    const lastDay = () => records.filter((r) => r.timestamp.getTime() >= started.getTime() - 24 * HOUR).length;

    it('metrics, throughput and responseTimes count the same requests for since: 24h', async () => {
      const result = await harness.execute<Answers>(ANSWERS, { range: { since: '24h' } }, token);
      expect(result.errors).toBeUndefined();
      const { metrics, throughput, responseTimes } = result.data!;
      expect(metrics.totalRequests).toBe(lastDay());
      expect(throughput.points.reduce((sum, p) => sum + p.total, 0)).toBe(metrics.totalRequests);
      expect(responseTimes.overall.count).toBe(metrics.totalRequests);
      expect(responseTimes.points.reduce((sum, p) => sum + p.stats.count, 0)).toBe(metrics.totalRequests);
    });

    it('endpoints, comparePeriods and anomalies count the same requests as metrics for since: 24h', async () => {
      type Counts = {
        endpoints: { untrackedRequests: number; nodes: { stats: { count: number } }[] };
        comparePeriods: { overall: { after: { count: number } } };
        anomalies: { summary: { count: number } };
      };
      const result = await harness.execute<Counts>(
        `query($range: TimeRangeInput) {
          endpoints(range: $range, first: 100) { untrackedRequests nodes { stats { count } } }
          comparePeriods(after: $range) { overall { after { count } } }
          anomalies(range: $range) { summary { count } }
        }`,
        { range: { since: '24h' } },
        token,
      );
      expect(result.errors).toBeUndefined();
      const { endpoints, comparePeriods, anomalies } = result.data!;
      const total = lastDay();
      expect(endpoints.nodes.reduce((sum, n) => sum + n.stats.count, 0) + endpoints.untrackedRequests).toBe(total);
      expect(comparePeriods.overall.after.count).toBe(total);
      expect(anomalies.summary.count).toBe(total);
    });

    it('every echoed range spans 24 h and ends at now, not at the end of the current interval', async () => {
      const result = await harness.execute<Answers>(ANSWERS, { range: { since: '24h' } }, token);
      const after = Date.now();
      for (const answer of Object.values(result.data!)) {
        const from = new Date(answer.range.from).getTime();
        const to = new Date(answer.range.to).getTime();
        expect(to - from).toBe(24 * HOUR);
        expect(to).toBeLessThanOrEqual(after);
      }
    });

    it('no point starts past the end of its range and a cut last interval is flagged partial', async () => {
      const result = await harness.execute<Answers>(ANSWERS, { range: { since: '24h' } }, token);
      const { throughput, responseTimes } = result.data!;
      for (const series of [throughput, responseTimes]) {
        const to = new Date(series.range.to).getTime();
        const size = { '15m': 900_000, '1h': HOUR }[series.interval]!;
        expect(series.points.every((p) => new Date(p.time).getTime() < to)).toBe(true);
        const last = series.points.at(-1)!;
        expect(last.partial).toBe(new Date(last.time).getTime() + size !== to);
        expect(series.points.slice(1, -1).every((p) => !p.partial)).toBe(true);
      }
      expect(throughput.points).toHaveLength(
        Math.ceil(
          (new Date(throughput.range.to).getTime() -
            Math.floor(new Date(throughput.range.from).getTime() / 900_000) * 900_000) /
            900_000,
        ),
      );
    });

    it('a range ending in the future is answered up to now, and echoed so', async () => {
      const future = new Date(Date.now() + 5 * HOUR).toISOString();
      const result = await harness.execute<Answers>(
        ANSWERS,
        { range: { from: new Date(started.getTime() - 3 * HOUR).toISOString(), to: future } },
        token,
      );
      expect(result.errors).toBeUndefined();
      for (const answer of Object.values(result.data!))
        expect(new Date(answer.range.to).getTime()).toBeLessThanOrEqual(Date.now());
      const expected = records.filter((r) => r.timestamp.getTime() >= started.getTime() - 3 * HOUR).length;
      expect(result.data!.metrics.totalRequests).toBe(expected);
      expect(result.data!.throughput.points.reduce((sum, p) => sum + p.total, 0)).toBe(expected);
    });

    it('a range starting in the future is refused, naming range.from', async () => {
      const result = await harness.execute<Answers>(
        `query($range: TimeRangeInput) { metrics(range: $range) { totalRequests } }`,
        { range: { from: 'now', to: new Date(Date.now() + HOUR).toISOString() } },
        token,
      );
      expect(result.errors?.[0]?.extensions).toMatchObject({ argument: 'range.from' });
    });
  },
);
