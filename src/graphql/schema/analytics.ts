import { metrics, totalsSource } from '../../domain/analytics/metrics.ts';
import {
  responseTimes,
  responseTimesCellMs,
  responseTimesSource,
  type ResponseTimeStats,
} from '../../domain/analytics/response-times.ts';
import { routeRollupsCarry } from '../../domain/analytics/route-response-times.ts';
import type { AnswerSource } from '../../domain/retention/data-coverage.ts';
import { coverageFor, DataCoverageType } from './data-coverage.ts';
import { throughput } from '../../domain/analytics/throughput.ts';
import { INTERVALS } from '../../domain/time/intervals.ts';
import { MAX_AUTO_PERCENTILE_POINTS, MAX_AUTO_POINTS } from '../../domain/time/time-range.ts';
import { narrowsRequests } from '../../domain/analytics/request-filter.ts';
import { builder, requireScopes } from '../builder.ts';
import {
  analyticsRangeFor,
  intervalFor,
  RequestFilterInput,
  TimeRangeType,
  toAggregateFilter,
  trafficArguments,
  trafficScopeFor,
} from './traffic-arguments.ts';
import { IntervalEnum } from './traffic-enums.ts';

type MetricsShape = Awaited<ReturnType<typeof metrics>> & { source: AnswerSource };

const Metrics = builder.objectRef<MetricsShape>('Metrics').implement({
  description: 'Summary of a range: totals, average response time, errors and blocked requests.',
  fields: (t) => ({
    range: t.field({ type: TimeRangeType, resolve: (m) => m.range }),
    coverage: t.field({ type: DataCoverageType, resolve: (m, _args, ctx) => coverageFor(ctx, m.range, m.source) }),
    totalRequests: t.exposeInt('count'),
    averageResponseTimeMs: t.exposeFloat('averageDurationMs', { nullable: true }),
    minResponseTimeMs: t.exposeFloat('durationMin', { nullable: true }),
    maxResponseTimeMs: t.exposeFloat('durationMax', { nullable: true }),
    errorCount: t.exposeInt('errorCount', { description: '4xx + 5xx.' }),
    clientErrorCount: t.exposeInt('status4xx'),
    serverErrorCount: t.exposeInt('status5xx'),
    errorRate: t.exposeFloat('errorRate', { description: 'errorCount / totalRequests (0 when there are none).' }),
    blockedCount: t.exposeInt('blocked'),
    status1xx: t.exposeInt('status1xx'),
    status2xx: t.exposeInt('status2xx'),
    status3xx: t.exposeInt('status3xx'),
    status4xx: t.exposeInt('status4xx'),
    status5xx: t.exposeInt('status5xx'),
  }),
});

/** Each series says where its numbers came from, so coverage can say what that source still keeps. */
type ThroughputShape = Awaited<ReturnType<typeof throughput>> & { source: AnswerSource };
const ThroughputPoint = builder.objectRef<ThroughputShape['points'][number]>('ThroughputPoint').implement({
  fields: (t) => ({
    time: t.expose('time', { type: 'DateTime', description: 'Start of the interval (UTC, aligned to the interval).' }),
    partial: t.exposeBoolean('partial', {
      description: 'Only part of the interval lies in the range (first or last point); the counts cover that part.',
    }),
    total: t.exposeInt('total'),
    status1xx: t.exposeInt('status1xx'),
    status2xx: t.exposeInt('status2xx'),
    status3xx: t.exposeInt('status3xx'),
    status4xx: t.exposeInt('status4xx'),
    status5xx: t.exposeInt('status5xx'),
    blocked: t.exposeInt('blocked'),
  }),
});

/** "ONE_MINUTE (1m), ... or ONE_DAY (1d); chosen for at most ~N points when omitted", from the table and limits. */
const INTERVAL_CHOICES = INTERVALS.map(({ name, label }) => `${name} (${label})`);
const intervalDescription = (maxAutoPoints: number, note = '') =>
  `${INTERVAL_CHOICES.slice(0, -1).join(', ')} or ${INTERVAL_CHOICES.at(-1)}; chosen for at most ~${maxAutoPoints} points when omitted${note}.`;

const Throughput = builder.objectRef<ThroughputShape>('Throughput').implement({
  description:
    'Requests per interval by status class; empty intervals are zeros. The points sum to what metrics counts over the same range.',
  fields: (t) => ({
    range: t.field({
      type: TimeRangeType,
      description: 'The range counted: the one asked, ended at now at the latest.',
      resolve: (s) => s.range,
    }),
    interval: t.field({ type: IntervalEnum, resolve: (s) => s.intervalSeconds }),
    points: t.field({ type: [ThroughputPoint], resolve: (s) => s.points }),
    coverage: t.field({ type: DataCoverageType, resolve: (s, _args, ctx) => coverageFor(ctx, s.range, s.source) }),
  }),
});

type ResponseTimesShape = Awaited<ReturnType<typeof responseTimes>> & { source: AnswerSource; cellMs: number };
const ResponseTimeStatsType = builder.objectRef<ResponseTimeStats>('ResponseTimeStats').implement({
  description:
    'Percentiles are within 2% relative error of exact (log-spaced histogram bins); count, min, max and average are exact.',
  fields: (t) => ({
    count: t.exposeInt('count'),
    averageMs: t.exposeFloat('averageMs', { nullable: true }),
    minMs: t.exposeFloat('minMs', { nullable: true }),
    maxMs: t.exposeFloat('maxMs', { nullable: true }),
    p50Ms: t.exposeFloat('p50Ms', { nullable: true }),
    p95Ms: t.exposeFloat('p95Ms', { nullable: true }),
    p99Ms: t.exposeFloat('p99Ms', { nullable: true }),
  }),
});
const ResponseTimePoint = builder.objectRef<ResponseTimesShape['points'][number]>('ResponseTimePoint').implement({
  fields: (t) => ({
    time: t.expose('time', { type: 'DateTime', description: 'Start of the interval (UTC, aligned to the interval).' }),
    partial: t.exposeBoolean('partial', {
      description: 'Only part of the interval lies in the range (first or last point); the stats cover that part.',
    }),
    stats: t.field({ type: ResponseTimeStatsType, resolve: (p) => p }),
  }),
});
const ResponseTimes = builder.objectRef<ResponseTimesShape>('ResponseTimes').implement({
  fields: (t) => ({
    range: t.field({
      type: TimeRangeType,
      description: 'The range covered: the one asked, ended at now at the latest.',
      resolve: (s) => s.range,
    }),
    interval: t.field({ type: IntervalEnum, resolve: (s) => s.intervalSeconds }),
    overall: t.field({ type: ResponseTimeStatsType, resolve: (s) => s.overall }),
    coverage: t.field({
      type: DataCoverageType,
      resolve: (s, _args, ctx) => coverageFor(ctx, s.range, s.source, s.cellMs),
    }),
    points: t.field({ type: [ResponseTimePoint], resolve: (s) => s.points }),
  }),
});

builder.queryFields((t) => {
  const interval = t.arg({ type: IntervalEnum, required: false, description: intervalDescription(MAX_AUTO_POINTS) });
  const percentileInterval = t.arg({
    type: IntervalEnum,
    required: false,
    description: intervalDescription(MAX_AUTO_PERCENTILE_POINTS, ' (a percentile needs requests enough per point)'),
  });
  const filter = t.arg({
    type: RequestFilterInput,
    required: false,
    description:
      'Narrows the requests counted (route, path, methods, status...); exact, read from raw rows when rollups do not carry it.',
  });
  return {
    metrics: t.field({
      ...requireScopes('traffic:read'),
      type: Metrics,
      args: { ...trafficArguments, filter },
      resolve: async (_root, a, ctx) => {
        const filter = toAggregateFilter(a.filter);
        const source = totalsSource(filter);
        return {
          source,
          ...(await metrics(
            ctx.db.sql,
            await trafficScopeFor(ctx, a.environment, a.buckets),
            analyticsRangeFor(ctx, a.range, source),
            filter,
          )),
        };
      },
    }),
    throughput: t.field({
      ...requireScopes('traffic:read'),
      type: Throughput,
      args: { ...trafficArguments, interval, filter },
      resolve: async (_root, a, ctx) => {
        const filter = toAggregateFilter(a.filter);
        const range = analyticsRangeFor(ctx, a.range, totalsSource(filter));
        return {
          source: totalsSource(filter),
          ...(await throughput(
            ctx.db.sql,
            await trafficScopeFor(ctx, a.environment, a.buckets),
            range,
            intervalFor(range, a.interval),
            filter,
          )),
        };
      },
    }),
    responseTimes: t.field({
      ...requireScopes('traffic:read'),
      type: ResponseTimes,
      args: { ...trafficArguments, interval: percentileInterval, filter },
      resolve: async (_root, a, ctx) => {
        const filter = toAggregateFilter(a.filter);
        // The range limit depends on the source, the source on the interval, and an automatic interval on the range:
        // an automatic interval over a range longer than raw rows are kept is at least an hour, so rollups.
        const asked = a.interval ?? null;
        const range = analyticsRangeFor(
          ctx,
          a.range,
          asked === null
            ? narrowsRequests(filter) && !routeRollupsCarry(filter)
              ? 'raw'
              : 'rollups'
            : responseTimesSource(asked, filter),
        );
        const intervalSeconds = intervalFor(range, a.interval, MAX_AUTO_PERCENTILE_POINTS);
        const scope = await trafficScopeFor(ctx, a.environment, a.buckets);
        return {
          source: responseTimesSource(intervalSeconds, filter),
          cellMs: responseTimesCellMs(filter),
          ...(await responseTimes(ctx.db.sql, scope, range, intervalSeconds, filter)),
        };
      },
    }),
  };
});
