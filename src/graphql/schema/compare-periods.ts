import {
  CHANGE_VERDICTS,
  comparePeriods,
  MIN_COMPARE_REQUESTS,
  MIN_ERROR_RATE_DELTA,
  MIN_ERROR_RATE_RATIO,
  MIN_P95_RATIO,
  type ChangeTest,
  type EndpointComparison,
  type PeriodStats,
} from '../../domain/analytics/compare-periods.ts';
import { ENDPOINT_CELL_MS } from '../../domain/analytics/endpoints.ts';
import { DEFAULT_EVENT_WINDOW, eventWindows, previousPeriod } from '../../domain/analytics/event-windows.ts';
import { CRITICAL_Z } from '../../domain/analytics/significance.ts';
import type { TrafficScope } from '../../domain/analytics/traffic-scope.ts';
import { NotFoundError, UserInputError } from '../../errors.ts';
import { builder, requireScopes } from '../builder.ts';
import type { GraphQLContext } from '../context.ts';
import { coverageFor, DataCoverageType } from './data-coverage.ts';
import { EventObject } from './events.ts';
import { analyticsRangeFor, pageSize, TimeRangeInput, TimeRangeType, trafficScopeFor } from './traffic-arguments.ts';

type EventRow = NonNullable<Awaited<ReturnType<GraphQLContext['db']['prisma']['event']['findFirst']>>>;
type ComparisonShape = Awaited<ReturnType<typeof comparePeriods>> & { event: EventRow | null; limit: number };

export const ChangeVerdictEnum = builder.enumType('ChangeVerdict', {
  description: `regressed / improved: significant (two-sided p < 0.001, |z| ≥ ${CRITICAL_Z}) and at least the minimum effect; unchanged: not both; insufficient_data: under ${MIN_COMPARE_REQUESTS} requests in a period.`,
  values: CHANGE_VERDICTS,
});

const PeriodStatsType = builder.objectRef<PeriodStats>('PeriodStats').implement({
  description:
    'One endpoint (or all) over one period. Percentiles within 2% of exact nearest-rank; null without requests.',
  fields: (t) => ({
    count: t.exposeInt('count'),
    requestsPerMinute: t.exposeFloat('requestsPerMinute'),
    errorCount: t.exposeInt('errorCount', { description: '4xx + 5xx.' }),
    errorRate: t.exposeFloat('errorRate'),
    p50Ms: t.exposeFloat('p50Ms', { nullable: true }),
    p95Ms: t.exposeFloat('p95Ms', { nullable: true }),
    p99Ms: t.exposeFloat('p99Ms', { nullable: true }),
  }),
});

const ChangeTestType = builder.objectRef<ChangeTest>('ChangeTest').implement({
  fields: (t) => ({
    verdict: t.field({ type: ChangeVerdictEnum, resolve: (c) => c.verdict }),
    z: t.exposeFloat('z', {
      nullable: true,
      description: 'Positive when the after period is worse; null with too few requests.',
    }),
    pValue: t.exposeFloat('pValue', { nullable: true, description: 'Two-sided.' }),
    affectedRequests: t.exposeFloat('affectedRequests', {
      description:
        'Requests made worse (negative: better) after: extra errors, or extra requests slower than the pooled p95.',
    }),
  }),
});

const EndpointComparisonType = builder.objectRef<EndpointComparison>('EndpointComparison').implement({
  fields: (t) => ({
    method: t.exposeString('method', { nullable: true, description: 'null on the overall row.' }),
    route: t.exposeString('route', { nullable: true, description: 'null on the overall row.' }),
    before: t.field({ type: PeriodStatsType, resolve: (c) => c.before }),
    after: t.field({ type: PeriodStatsType, resolve: (c) => c.after }),
    p50Ratio: t.exposeFloat('p50Ratio', { nullable: true, description: 'after / before.' }),
    p95Ratio: t.exposeFloat('p95Ratio', { nullable: true, description: 'after / before.' }),
    p99Ratio: t.exposeFloat('p99Ratio', { nullable: true, description: 'after / before.' }),
    errorRateChange: t.exposeFloat('errorRateChange', { description: 'after − before (0.01 = one percentage point).' }),
    throughputRatio: t.exposeFloat('throughputRatio', {
      nullable: true,
      description: 'Requests per minute after / before. Reported, not tested: volume follows the hour of day.',
    }),
    latency: t.field({
      type: ChangeTestType,
      description: `p95 by a quantile test: a two-proportion z test on the share of requests slower than the pooled p95; called when the p95 also moved ${MIN_P95_RATIO}x either way.`,
      resolve: (c) => c.latency,
    }),
    errorRate: t.field({
      type: ChangeTestType,
      description: `Error rate by a pooled two-proportion z test; called when it also moved ${MIN_ERROR_RATE_DELTA * 100} point and ${MIN_ERROR_RATE_RATIO}x either way.`,
      resolve: (c) => c.errorRate,
    }),
    verdict: t.field({
      type: ChangeVerdictEnum,
      description: 'regressed if either test regressed, else improved, else insufficient_data, else unchanged.',
      resolve: (c) => c.verdict,
    }),
    impact: t.exposeFloat('impact', {
      description: 'Requests affected by the changes called (the larger test); the sort key.',
    }),
  }),
});

const PeriodComparisonType = builder.objectRef<ComparisonShape>('PeriodComparison').implement({
  description: `Two periods compared per endpoint and overall. Changes are called only on at least ${MIN_COMPARE_REQUESTS} requests in each period.`,
  fields: (t) => ({
    before: t.field({ type: TimeRangeType, resolve: (c) => c.before }),
    after: t.field({ type: TimeRangeType, resolve: (c) => c.after }),
    // Per endpoint, both periods are read from hourly route rollups with raw rows for partial hours; overall
    // from 15-minute histograms. The hour is the coarser cell, so its partial ones are what coverage flags.
    beforeCoverage: t.field({
      type: DataCoverageType,
      description: 'Whether retention kept what the `before` period needs.',
      resolve: (c, _args, ctx) => coverageFor(ctx, c.before, 'rollups', ENDPOINT_CELL_MS),
    }),
    afterCoverage: t.field({
      type: DataCoverageType,
      description: 'Whether retention kept what the `after` period needs.',
      resolve: (c, _args, ctx) => coverageFor(ctx, c.after, 'rollups', ENDPOINT_CELL_MS),
    }),
    event: t.field({
      type: EventObject,
      nullable: true,
      description: 'The event compared around, when one was given.',
      resolve: (c) => c.event,
    }),
    minimumRequests: t.int({ resolve: () => MIN_COMPARE_REQUESTS }),
    overall: t.field({
      type: EndpointComparisonType,
      description: 'Every request of each period, routes past the per-route rollup bound included.',
      resolve: (c) => c.overall,
    }),
    totalEndpoints: t.int({
      description: 'Endpoints with requests in either period.',
      resolve: (c) => c.endpoints.length,
    }),
    significantCount: t.int({
      description: 'Endpoints with a change called (regressed or improved).',
      resolve: (c) => c.endpoints.filter((e) => e.verdict === 'regressed' || e.verdict === 'improved').length,
    }),
    insufficientCount: t.int({
      description: `Endpoints not judged: under ${MIN_COMPARE_REQUESTS} requests in a period.`,
      resolve: (c) => c.endpoints.filter((e) => e.verdict === 'insufficient_data').length,
    }),
    endpoints: t.field({
      type: [EndpointComparisonType],
      description: 'Called changes first, each group by impact; at most `first`.',
      resolve: (c) => c.endpoints.slice(0, c.limit),
    }),
  }),
});

/** An event of the environment the caller may see (bucket-limited tokens: their buckets' and environment-wide ones). */
async function visibleEvent(ctx: GraphQLContext, scope: TrafficScope, id: string): Promise<EventRow> {
  const event = await ctx.db.prisma.event.findFirst({
    where: {
      id,
      environmentId: scope.environmentId,
      ...(scope.bucketIds !== null ? { OR: [{ bucketId: null }, { bucketId: { in: scope.bucketIds } }] } : {}),
    },
  });
  if (!event) throw new NotFoundError(`Event "${id}"`);
  return event;
}

builder.queryField('comparePeriods', (t) =>
  t.field({
    ...requireScopes('traffic:read'),
    type: PeriodComparisonType,
    description:
      'Did something change? Compares p50/p95/p99, error rate and throughput per endpoint and overall between two periods: `after` against `before` (default: the period of the same length just before), or `window` before and after an `event`.',
    args: {
      environment: t.arg.string({
        required: false,
        description: "Environment name or id; a token's own environment when omitted.",
      }),
      buckets: t.arg.stringList({ required: false }),
      after: t.arg({
        type: TimeRangeInput,
        required: false,
        description: 'The period judged; default the last 24 hours.',
      }),
      before: t.arg({
        type: TimeRangeInput,
        required: false,
        description: 'The baseline; default the period of the same length just before `after`.',
      }),
      event: t.arg.id({ required: false, description: 'Compare around this event instead of with ranges.' }),
      window: t.arg.string({
        required: false,
        description: `With event: the length of each period, e.g. 30m, 1h (default), 1d; at most 7d.`,
      }),
      first: t.arg.int({ required: false, description: 'Endpoints listed, 1 to 100, default 20.' }),
    },
    resolve: async (_root, a, ctx) => {
      const scope = await trafficScopeFor(ctx, a.environment, a.buckets);
      const limit = pageSize(a.first);
      if (a.event) {
        if (a.after || a.before)
          throw new UserInputError(
            (name) => `${name('event')}: give an event or ranges (${name('before')}/${name('after')}), not both`,
            'event',
          );
        const event = await visibleEvent(ctx, scope, String(a.event));
        const { before, after } = eventWindows(event, a.window ?? DEFAULT_EVENT_WINDOW, new Date());
        return { ...(await comparePeriods(ctx.db.sql, scope, before, after)), event, limit };
      }
      if (a.window) throw new UserInputError((name) => `${name('window')}: only with ${name('event')}`, 'window');
      const after = analyticsRangeFor(ctx, a.after, 'rollups', 'after');
      const before = a.before ? analyticsRangeFor(ctx, a.before, 'rollups', 'before') : previousPeriod(after);
      return { ...(await comparePeriods(ctx.db.sql, scope, before, after)), event: null, limit };
    },
  }),
);
