import { z } from 'zod';
import { resolveBuckets, resolveEnvironment } from '../../domain/accounts/resolve-environment.ts';
import { validateRequestFilter, type RequestFilter } from '../../domain/analytics/request-filter.ts';
import type { TrafficScope } from '../../domain/analytics/traffic-scope.ts';
import { intervalLabelOf } from '../../domain/time/intervals.ts';
import {
  chooseInterval,
  endedByNow,
  resolveTimeRange,
  MAX_POINTS,
  type TimeRange,
  type TimeRangeInput as TimeRangeValue,
} from '../../domain/time/time-range.ts';
import type { AnswerSource } from '../../domain/retention/data-coverage.ts';
import { retainedFrom } from '../../domain/retention/retention-policy.ts';
import { inTermsOf, UserInputError } from '../../errors.ts';
import { builder } from '../builder.ts';
import type { GraphQLContext } from '../context.ts';
import { policyOf } from './data-coverage.ts';
import { StatusClassEnum } from './traffic-enums.ts';

export const TimeRangeInput = builder.inputType('TimeRangeInput', {
  description:
    'since (e.g. 2h, 7d) or from/to (RFC 3339, a time without zone is UTC, or now-2h). Default: the last 24 hours.',
  fields: (t) => ({
    since: t.string({ required: false }),
    from: t.string({ required: false }),
    to: t.string({ required: false }),
  }),
});

export const TimeRangeType = builder.objectRef<TimeRange>('TimeRange').implement({
  description: 'The range a result actually covers.',
  fields: (t) => ({
    from: t.expose('from', { type: 'DateTime' }),
    to: t.expose('to', { type: 'DateTime' }),
  }),
});

/** The arguments every traffic answer takes: whose traffic (environment, buckets) and when (range). */
export const trafficArguments = builder.args((t) => ({
  environment: t.string({
    required: false,
    description: "Environment name or id; a token's own environment when omitted.",
  }),
  range: t.field({ type: TimeRangeInput, required: false }),
  buckets: t.stringList({ required: false }),
}));

export const RequestFilterInput = builder.inputType('RequestFilterInput', {
  description: 'Every field given narrows the match.',
  fields: (t) => ({
    methods: t.stringList({ required: false }),
    status: t.int({ required: false, description: 'An exact status code.' }),
    statusClasses: t.field({ type: [StatusClassEnum], required: false }),
    statusMin: t.int({ required: false }),
    statusMax: t.int({ required: false }),
    query: t.string({
      required: false,
      description:
        'Free text over url, host and user agent (searchRequests and errors only: 200 characters, 7 days, 5 s).',
      validate: z.string().max(500),
    }),
    path: t.string({
      required: false,
      description: 'A path prefix, or a glob (* within a segment, ** across).',
      validate: z.string().max(500),
    }),
    route: t.string({
      required: false,
      description:
        'A route as stored and listed (e.g. /api/users/:id); its parameters may be written in any syntax (:id, {id}, <int:id>).',
      validate: z.string().max(500),
    }),
    host: t.string({ required: false }),
    userAgent: t.string({
      required: false,
      description: 'Part of the user agent, case-insensitive (searchRequests and errors only).',
      validate: z.string().max(500),
    }),
    clientIp: t.string({ required: false }),
    blocked: t.boolean({ required: false }),
  }),
});

export function toRequestFilter(filter: RequestFilter | null | undefined, argument = 'filter'): RequestFilter | null {
  if (!filter) return null;
  underArgument(argument, () => validateRequestFilter(filter));
  return filter;
}

/**
 * The filter of an aggregate answer (metrics, throughput, response times, top errors). Free text (`query`,
 * `userAgent`) is an unindexed ILIKE over every row of the range, in one statement PGlite cannot interrupt:
 * only searchRequests bounds it (7 days, newest-first slices, a 5 s budget), so aggregates refuse it.
 */
export function toAggregateFilter(filter: RequestFilter | null | undefined, argument = 'filter'): RequestFilter | null {
  for (const field of ['query', 'userAgent'] as const) {
    if (filter?.[field]?.trim()) {
      throw new UserInputError(
        (name) =>
          `${name(`${argument}.${field}`)}: free text narrows searchRequests only; aggregates take ${['route', 'path', 'methods', 'status', 'statusClasses'].map((f) => name(`${argument}.${f}`)).join(', ')} or buckets`,
        `${argument}.${field}`,
      );
    }
  }
  return toRequestFilter(filter, argument);
}

/** The environment and buckets a traffic query reads, limited to what the caller may see. */
export async function trafficScopeFor(
  ctx: GraphQLContext,
  environment: string | null | undefined,
  buckets: readonly string[] | null | undefined,
): Promise<TrafficScope> {
  const [env, purged] = await Promise.all([resolveEnvironment(ctx.db, ctx.access, environment), ctx.purgedBefore()]);
  const { requestsBefore: rawRetainedFrom } = retainedFrom(policyOf(ctx), purged, new Date());
  if (buckets && buckets.length > 0) {
    const bucketIds = await resolveBuckets(ctx.db, ctx.access, env.accountId, buckets);
    return { environmentId: env.id, bucketIds, rawRetainedFrom };
  }
  return { environmentId: env.id, bucketIds: ctx.access.bucketIds, rawRetainedFrom };
}

/** A range may span what its answer's source keeps: RETENTION_DAYS for raw rows, ROLLUP_RETENTION_DAYS for rollups. */
const retentionDaysFor = (ctx: GraphQLContext, source: AnswerSource) =>
  source === 'raw' ? ctx.limits.retentionDays : ctx.limits.rollupRetentionDays;

/** Runs `resolve` with the domain's input errors naming fields under `argument` (`since` as `range.since`). */
export function underArgument<T>(argument: string, resolve: () => T): T {
  try {
    return resolve();
  } catch (error) {
    throw inTermsOf(error, (field) => `${argument}.${field}`);
  }
}

/** `argument`: the name of the TimeRangeInput argument, for error messages (comparePeriods has two). */
export function rangeFor(
  ctx: GraphQLContext,
  input: TimeRangeValue | null | undefined,
  source: AnswerSource,
  argument = 'range',
): TimeRange {
  return underArgument(argument, () => resolveTimeRange(input, new Date(), retentionDaysFor(ctx, source)));
}

/** An analytics range: as rangeFor, ended at now at the latest, so the range echoed is the range counted. */
export function analyticsRangeFor(
  ctx: GraphQLContext,
  input: TimeRangeValue | null | undefined,
  source: AnswerSource,
  argument = 'range',
): TimeRange {
  // One clock reading for both: `from: "now"` must be judged against the same now it was resolved with.
  const now = new Date();
  return underArgument(argument, () => endedByNow(resolveTimeRange(input, now, retentionDaysFor(ctx, source)), now));
}

/** `seconds`: the Interval enum's value, or nothing for the interval that keeps the series at `maxAutoPoints`. */
export function intervalFor(range: TimeRange, seconds: number | null | undefined, maxAutoPoints?: number): number {
  if (seconds === null || seconds === undefined) return chooseInterval(range, maxAutoPoints).seconds;
  const points = (range.to.getTime() - range.from.getTime()) / 1000 / seconds;
  if (points > MAX_POINTS) {
    throw new UserInputError(
      `interval: ${intervalLabelOf(seconds)} over this range gives ${Math.ceil(points)} points; the limit is ${MAX_POINTS}`,
      'interval',
    );
  }
  return seconds;
}

export function pageSize(first: number | null | undefined, argument = 'first'): number {
  const size = first ?? 20;
  if (!Number.isInteger(size) || size < 1 || size > 100)
    throw new UserInputError(`${argument} must be from 1 to 100 (got ${size})`, argument);
  return size;
}
