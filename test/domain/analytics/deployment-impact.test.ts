import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestDatabase, DATABASE_KINDS, type TestDatabase } from '../../helpers/databases.ts';
import { createAccount, createToken, type TestAccount } from '../../helpers/fixtures.ts';
import { createGraphQLHarness } from '../../helpers/graphql-harness.ts';
import { FAILING_ENDPOINT, SLOWER_ENDPOINT, seedDeploymentRegression } from '../../helpers/deployment-regression.ts';
import { PROFILES } from '../../helpers/regression-traffic.ts';

const FROM = new Date('2026-10-17T00:00:00Z');
const UNTIL = new Date('2026-10-25T00:00:00Z');
const DEPLOYED = new Date('2026-10-24T16:00:00Z');
const LAST_DAY = { from: '2026-10-24T00:00:00Z', to: UNTIL.toISOString() };
const SLOWER = SLOWER_ENDPOINT;
const FAILING = FAILING_ENDPOINT;

type Comparison = {
  significantCount: number;
  totalEndpoints: number;
  event: { id: string } | null;
  before: { from: string; to: string };
  after: { from: string; to: string };
  endpoints: {
    method: string;
    route: string;
    verdict: string;
    p95Ratio: number | null;
    latency: { verdict: string };
    errorRate: { verdict: string };
    before: { count: number };
    after: { count: number };
  }[];
};
const COMPARE = `query($event: ID, $window: String, $before: TimeRangeInput, $after: TimeRangeInput) {
  comparePeriods(event: $event, window: $window, before: $before, after: $after, first: 100) {
    significantCount totalEndpoints event { id } before { from to } after { from to }
    endpoints { method route verdict p95Ratio latency { verdict } errorRate { verdict } before { count } after { count } }
  }
}`;

type Report = {
  summary: { count: number; p95Ms: number | null };
  anomalies: {
    time: string;
    score: number;
    value: number;
    baseline: { median: number; kind: string };
    precedingEvent: { id: string; title: string } | null;
  }[];
  points: { time: string; baseline: { kind: string } | null; count: number }[];
};
const ANOMALIES = `query($range: TimeRangeInput, $metric: AnomalyMetric, $method: String, $route: String) {
  anomalies(range: $range, metric: $metric, method: $method, route: $route) {
    summary { count p95Ms }
    anomalies { time score value baseline { median kind } precedingEvent { id title } }
    points { time count baseline { kind } }
  }
}`;

describe.each(DATABASE_KINDS)('deployment impact on %s', (kind) => {
  let test: TestDatabase;
  let harness: Awaited<ReturnType<typeof createGraphQLHarness>>;
  let account: TestAccount;
  let changed: string;
  let unchanged: string;
  let deploymentId: string;

  beforeAll(async () => {
    test = await createTestDatabase(kind);
    harness = await createGraphQLHarness(test.db);
    account = await createAccount(test.db, 'impact', ['production', 'staging'], ['api']);
    deploymentId = await seedDeploymentRegression(test.db, account, { from: FROM, until: UNTIL, deployedAt: DEPLOYED });
    changed = (await createToken(test.db, account, { environment: 'production' })).secret;
    unchanged = (await createToken(test.db, account, { environment: 'staging' })).secret;
  }, 240_000);
  afterAll(() => test.dispose());

  const compare = async (token: string, variables: Record<string, unknown>) => {
    const result = await harness.execute<{ comparePeriods: Comparison }>(COMPARE, variables, token);
    expect(result.errors).toBeUndefined();
    return result.data!.comparePeriods;
  };
  const anomalies = async (token: string, variables: Record<string, unknown>) => {
    const result = await harness.execute<{ anomalies: Report }>(ANOMALIES, { range: LAST_DAY, ...variables }, token);
    expect(result.errors).toBeUndefined();
    return result.data!.anomalies;
  };

  it('comparing around the deployment ranks the slower and the failing endpoint first and calls nothing else', async () => {
    const comparison = await compare(changed, { event: deploymentId, window: '3h' });
    expect(comparison.event?.id).toBe(deploymentId);
    expect(comparison.before).toEqual({ from: '2026-10-24T13:00:00.000Z', to: DEPLOYED.toISOString() });
    expect(comparison.after).toEqual({ from: DEPLOYED.toISOString(), to: '2026-10-24T19:00:00.000Z' });
    const [first, second, ...rest] = comparison.endpoints;
    expect(new Set([`${first!.method} ${first!.route}`, `${second!.method} ${second!.route}`])).toEqual(
      new Set([SLOWER, FAILING]),
    );
    const byKey = new Map(comparison.endpoints.map((e) => [`${e.method} ${e.route}`, e]));
    expect(byKey.get(SLOWER)).toMatchObject({
      verdict: 'regressed',
      latency: { verdict: 'regressed' },
      errorRate: { verdict: 'unchanged' },
    });
    expect(byKey.get(SLOWER)!.p95Ratio).toBeGreaterThan(2.5);
    expect(byKey.get(FAILING)).toMatchObject({
      verdict: 'regressed',
      latency: { verdict: 'unchanged' },
      errorRate: { verdict: 'regressed' },
    });
    expect(rest.map((e) => e.verdict)).toEqual(rest.map(() => 'unchanged'));
    expect(comparison.significantCount).toBe(2);
    expect(comparison.totalEndpoints).toBe(PROFILES.length);
  });

  it('comparing the same hours of unchanged traffic calls nothing significant', async () => {
    const comparison = await compare(unchanged, {
      before: { from: '2026-10-24T13:00:00Z', to: '2026-10-24T16:00:00Z' },
      after: { from: '2026-10-24T16:00:00Z', to: '2026-10-24T19:00:00Z' },
    });
    expect(comparison.significantCount).toBe(0);
    expect(comparison.endpoints.every((e) => e.verdict === 'unchanged')).toBe(true);
  });

  it('without a baseline range the previous period of the same length is compared', async () => {
    const comparison = await compare(unchanged, { after: LAST_DAY });
    expect(comparison.before).toEqual({ from: '2026-10-23T00:00:00.000Z', to: '2026-10-24T00:00:00.000Z' });
  });

  it('refuses to call a change on fewer requests than the minimum', async () => {
    const comparison = await compare(changed, {
      before: { from: '2026-10-24T15:55:00Z', to: '2026-10-24T16:00:00Z' },
      after: { from: '2026-10-24T16:00:00Z', to: '2026-10-24T16:05:00Z' },
    });
    const slower = comparison.endpoints.find((e) => `${e.method} ${e.route}` === SLOWER)!;
    expect(slower.after.count).toBeLessThan(50);
    expect(slower).toMatchObject({ verdict: 'insufficient_data', latency: { verdict: 'insufficient_data' } });
  });

  it('the overall p95 over the last day flags the hours after the deployment and names it', async () => {
    const report = await anomalies(changed, {});
    expect(report.anomalies.length).toBeGreaterThan(0);
    expect(report.anomalies.map((a) => a.time)).toContain(DEPLOYED.toISOString());
    for (const anomaly of report.anomalies) {
      expect(new Date(anomaly.time).getTime()).toBeGreaterThanOrEqual(DEPLOYED.getTime());
      expect(anomaly.precedingEvent).toEqual({ id: deploymentId, title: 'Deploy v2.3' });
      expect(anomaly.score).toBeGreaterThan(0);
      expect(anomaly.baseline.kind).toBe('same_hour_of_day');
    }
  });

  it("the slower endpoint's own p95 flags the deployment hour", async () => {
    const [method, route] = SLOWER.split(' ');
    const report = await anomalies(changed, { method, route });
    expect(report.anomalies.map((a) => a.time)).toContain(DEPLOYED.toISOString());
    const spike = report.anomalies.find((a) => a.time === DEPLOYED.toISOString())!;
    expect(spike.value / spike.baseline.median).toBeGreaterThan(2.5);
  });

  it.each(['p50', 'p95', 'p99', 'error_rate', 'throughput'])(
    'unchanged traffic with a day/night cycle flags no %s anomaly, overall or per endpoint',
    async (metric) => {
      for (const endpoint of [null, ...PROFILES]) {
        const report = await anomalies(unchanged, {
          metric,
          method: endpoint?.method ?? null,
          route: endpoint?.route ?? null,
        });
        expect({ endpoint: endpoint?.route ?? 'overall', anomalies: report.anomalies }).toEqual({
          endpoint: endpoint?.route ?? 'overall',
          anomalies: [],
        });
      }
    },
  );

  it('quiet hours are not scored: night points of a small endpoint have too few requests', async () => {
    const report = await anomalies(unchanged, { method: 'POST', route: '/webhooks' });
    const night = report.points.filter((p) => p.count < 50);
    expect(night.length).toBeGreaterThan(0);
    expect(night.every((p) => p.baseline === null)).toBe(true);
  });
});
