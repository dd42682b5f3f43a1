import {
  ANOMALY_METRICS,
  BASELINE_KINDS,
  findAnomalies,
  MAX_ANOMALY_RANGE_DAYS,
  MIN_POINT_REQUESTS,
  SENSITIVITY_THRESHOLDS,
  type Anomaly,
  type AnomalyPoint,
  type AnomalyReport,
  type RangeSummary,
  type Sensitivity,
} from '../../domain/analytics/anomalies.ts';
import type { EventMark } from '../../domain/analytics/preceding-events.ts';
import { HOUR_SECONDS } from '../../domain/analytics/hourly-cells.ts';
import { UserInputError } from '../../errors.ts';
import { builder, requireScopes } from '../builder.ts';
import { coverageFor, DataCoverageType } from './data-coverage.ts';
import { EventTypeEnum } from './events.ts';
import { analyticsRangeFor, TimeRangeInput, TimeRangeType, trafficScopeFor } from './traffic-arguments.ts';
import { IntervalEnum } from './traffic-enums.ts';

const AnomalyMetricEnum = builder.enumType('AnomalyMetric', {
  description:
    'p50/p95/p99: latency percentile (ms); error_rate: (4xx + 5xx) / requests; throughput: requests per hour.',
  values: ANOMALY_METRICS,
});

const SENSITIVITIES = Object.keys(SENSITIVITY_THRESHOLDS) as Sensitivity[];
const SensitivityEnum = builder.enumType('AnomalySensitivity', {
  description: `The |score| a point must reach: ${SENSITIVITIES.map((s) => `${s} ${SENSITIVITY_THRESHOLDS[s]}`).join(', ')} (robust standard deviations from the baseline median).`,
  values: SENSITIVITIES,
});

const BaselineKindEnum = builder.enumType('BaselineKind', {
  description:
    'same_hour_of_week: that hour over the past 4 weeks; same_hour_of_day: over the past 7 days; trailing: the previous 24 hours.',
  values: BASELINE_KINDS,
});

const BaselineType = builder.objectRef<NonNullable<AnomalyPoint['baseline']>>('AnomalyBaseline').implement({
  fields: (t) => ({
    median: t.exposeFloat('median'),
    mad: t.exposeFloat('mad', {
      description: 'Median absolute deviation of the samples.',
    }),
    kind: t.field({ type: BaselineKindEnum, resolve: (b) => b.kind }),
    samples: t.exposeInt('samples'),
  }),
});

const EventMarkType = builder.objectRef<EventMark>('EventMark').implement({
  description: 'An event as an anomaly names it.',
  fields: (t) => ({
    id: t.exposeID('id'),
    type: t.field({
      type: EventTypeEnum,
      resolve: (e) => e.type as 'deployment' | 'incident' | 'config_change' | 'other',
    }),
    title: t.exposeString('title'),
    version: t.exposeString('version', { nullable: true }),
    startedAt: t.expose('startedAt', { type: 'DateTime' }),
  }),
});

const AnomalyPointType = builder.objectRef<AnomalyPoint>('AnomalyPoint').implement({
  fields: (t) => ({
    time: t.expose('time', {
      type: 'DateTime',
      description: 'Start of the hour (UTC).',
    }),
    partial: t.exposeBoolean('partial', {
      description: 'Only part of the hour lies in the range.',
    }),
    count: t.exposeInt('count', { description: 'Requests in the point.' }),
    value: t.exposeFloat('value', {
      nullable: true,
      description: 'The metric; null without requests enough.',
    }),
    baseline: t.field({
      type: BaselineType,
      nullable: true,
      description: 'null when not scored (too few requests, or no history yet).',
      resolve: (p) => p.baseline,
    }),
    score: t.exposeFloat('score', {
      nullable: true,
      description: '(value − median) / max(1.4826 × MAD, noise floor).',
    }),
    anomalous: t.exposeBoolean('anomalous'),
  }),
});

const AnomalyType = builder.objectRef<Anomaly>('Anomaly').implement({
  fields: (t) => ({
    time: t.expose('time', {
      type: 'DateTime',
      description: 'Start of the hour (UTC).',
    }),
    partial: t.exposeBoolean('partial'),
    count: t.exposeInt('count'),
    value: t.float({
      description: 'The metric at the point.',
      resolve: (a) => a.value ?? 0,
    }),
    baseline: t.field({ type: BaselineType, resolve: (a) => a.baseline }),
    score: t.exposeFloat('score'),
    direction: t.exposeString('direction', { description: 'up or down.' }),
    precedingEvent: t.field({
      type: EventMarkType,
      nullable: true,
      description: 'The latest event started before the point ended, up to 7 days before.',
      resolve: (a) => a.precedingEvent,
    }),
  }),
});

const SummaryType = builder.objectRef<RangeSummary>('AnomalyRangeSummary').implement({
  description: 'The whole range at once. Percentiles within 2% of exact.',
  fields: (t) => ({
    count: t.exposeInt('count'),
    errorRate: t.exposeFloat('errorRate'),
    requestsPerHour: t.exposeFloat('requestsPerHour'),
    p50Ms: t.exposeFloat('p50Ms', { nullable: true }),
    p95Ms: t.exposeFloat('p95Ms', { nullable: true }),
    p99Ms: t.exposeFloat('p99Ms', { nullable: true }),
  }),
});

const AnomalyReportType = builder.objectRef<AnomalyReport>('AnomalyReport').implement({
  fields: (t) => ({
    range: t.field({ type: TimeRangeType, resolve: (r) => r.range }),
    coverage: t.field({
      type: DataCoverageType,
      description: 'Whether retention kept what `range` needs (whole hours from rollups, raw rows for partial ones).',
      resolve: (r, _args, ctx) => coverageFor(ctx, r.range, 'rollups', HOUR_SECONDS * 1000),
    }),
    metric: t.field({ type: AnomalyMetricEnum, resolve: (r) => r.metric }),
    method: t.string({
      nullable: true,
      resolve: (r) => r.endpoint?.method ?? null,
    }),
    route: t.string({
      nullable: true,
      resolve: (r) => r.endpoint?.route ?? null,
    }),
    interval: t.field({
      type: IntervalEnum,
      description: 'Points are hours.',
      resolve: () => HOUR_SECONDS,
    }),
    threshold: t.exposeFloat('threshold', {
      description: 'The |score| the sensitivity asks for.',
    }),
    minimumCount: t.int({
      description: 'Points with fewer requests are not scored.',
      resolve: () => MIN_POINT_REQUESTS,
    }),
    summary: t.field({ type: SummaryType, resolve: (r) => r.summary }),
    anomalies: t.field({
      type: [AnomalyType],
      description: 'Anomalous points, oldest first.',
      resolve: (r) => r.anomalies,
    }),
    points: t.field({
      type: [AnomalyPointType],
      description: 'Every hour of the range, scored or not, for charts.',
      resolve: (r) => r.points,
    }),
  }),
});

builder.queryField('anomalies', (t) =>
  t.field({
    ...requireScopes('traffic:read'),
    type: AnomalyReportType,
    description: `Hours where a series departs from its usual level: median and MAD of the same hour of the week over 4 weeks where history allows, else of the same hour of the day over 7 days, else of the trailing 24 hours. Hours with under ${MIN_POINT_REQUESTS} requests are not scored (quiet at low traffic). Each anomaly has its score, baseline and the nearest preceding event.`,
    args: {
      environment: t.arg.string({
        required: false,
        description: "Environment name or id; a token's own environment when omitted.",
      }),
      range: t.arg({
        type: TimeRangeInput,
        required: false,
        description: `Default the last 24 hours; at most ${MAX_ANOMALY_RANGE_DAYS} days.`,
      }),
      buckets: t.arg.stringList({ required: false }),
      metric: t.arg({
        type: AnomalyMetricEnum,
        required: false,
        defaultValue: 'p95',
      }),
      method: t.arg.string({
        required: false,
        description: 'With route: one endpoint.',
      }),
      route: t.arg.string({
        required: false,
        description:
          'A route as endpoints lists it, its parameters in any syntax (:id, {id}, <int:id>); with method, one endpoint. Overall when omitted.',
      }),
      sensitivity: t.arg({
        type: SensitivityEnum,
        required: false,
        defaultValue: 'normal',
      }),
    },
    resolve: async (_root, a, ctx) => {
      if (Boolean(a.method) !== Boolean(a.route))
        throw new UserInputError(
          'method and route: give both for one endpoint, or neither',
          a.route ? 'method' : 'route',
        );
      const scope = await trafficScopeFor(ctx, a.environment, a.buckets);
      const range = analyticsRangeFor(ctx, a.range, 'rollups');
      const endpoint = a.method && a.route ? { method: a.method.toUpperCase(), route: a.route } : null;
      return findAnomalies(ctx.db.sql, scope, range, {
        metric: a.metric ?? 'p95',
        endpoint,
        sensitivity: a.sensitivity ?? 'normal',
      });
    },
  }),
);
