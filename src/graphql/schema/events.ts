import { z } from 'zod';
import { principalLabel } from '../../auth/principal.ts';
import { resolveBuckets, resolveEnvironment } from '../../domain/accounts/resolve-environment.ts';
import { UserInputError } from '../../errors.ts';
import { parseDateTime } from '../scalars.ts';
import { builder, requireScopes } from '../builder.ts';
import { BucketType } from './buckets.ts';
import { pageSize, rangeFor, TimeRangeInput, TimeRangeType } from './traffic-arguments.ts';
import type { TimeRange } from '../../domain/time/time-range.ts';
import type { GraphQLContext } from '../context.ts';

export const EventTypeEnum = builder.enumType('EventType', {
  values: ['deployment', 'incident', 'config_change', 'other'] as const,
});

export const EventObject = builder.prismaObject('Event', {
  description: 'A marker (deployment, incident, config change) to correlate with traffic.',
  fields: (t) => ({
    id: t.exposeID('id'),
    type: t.field({ type: EventTypeEnum, resolve: (event) => event.type }),
    title: t.exposeString('title'),
    description: t.exposeString('description', { nullable: true }),
    version: t.exposeString('version', { nullable: true }),
    source: t.exposeString('source', { nullable: true }),
    url: t.exposeString('url', { nullable: true, directives: { sanitized: { as: 'TEXT' } } }),
    startedAt: t.expose('startedAt', { type: 'DateTime' }),
    endedAt: t.expose('endedAt', { type: 'DateTime', nullable: true }),
    bucket: t.relation('bucket', { nullable: true, type: BucketType }),
    createdBy: t.exposeString('createdBy'),
    createdAt: t.expose('createdAt', { type: 'DateTime' }),
  }),
});

type EventRow = Awaited<ReturnType<GraphQLContext['db']['prisma']['event']['findMany']>>[number];

const EventList = builder
  .objectRef<{ range: TimeRange; events: EventRow[]; truncated: boolean }>('EventList')
  .implement({
    fields: (t) => ({
      range: t.field({ type: TimeRangeType, resolve: (list) => list.range }),
      events: t.field({ type: [EventObject], resolve: (list) => list.events }),
      truncated: t.exposeBoolean('truncated', { description: 'True when more events matched than the limit.' }),
    }),
  });

builder.queryField('events', (t) =>
  t.field({
    ...requireScopes('events:read'),
    type: EventList,
    description:
      "Events overlapping the range, newest first; bucket-limited tokens see their buckets' events and environment-wide ones.",
    args: {
      environment: t.arg.string({ required: false }),
      range: t.arg({ type: TimeRangeInput, required: false }),
      types: t.arg({ type: [EventTypeEnum], required: false }),
      buckets: t.arg.stringList({ required: false }),
      limit: t.arg.int({ required: false, defaultValue: 50, description: '1 to 100.' }),
    },
    resolve: async (_root, args, ctx) => {
      const env = await resolveEnvironment(ctx.db, ctx.access, args.environment);
      // Events mark up charts, which reach back as far as rollups do.
      const range = rangeFor(ctx, args.range, 'rollups');
      const limit = pageSize(args.limit, 'limit');
      const requested = args.buckets?.length
        ? await resolveBuckets(ctx.db, ctx.access, env.accountId, args.buckets)
        : null;
      const visible = requested ?? ctx.access.bucketIds;
      const events = await ctx.db.prisma.event.findMany({
        where: {
          environmentId: env.id,
          startedAt: { lt: range.to },
          OR: [{ endedAt: null, startedAt: { gte: range.from } }, { endedAt: { gte: range.from } }],
          ...(args.types?.length ? { type: { in: args.types } } : {}),
          ...(visible !== null
            ? { AND: [{ OR: [{ bucketId: { in: visible } }, ...(requested ? [] : [{ bucketId: null }])] }] }
            : {}),
        },
        orderBy: [{ startedAt: 'desc' }, { id: 'desc' }],
        take: limit + 1,
      });
      return { range, events: events.slice(0, limit), truncated: events.length > limit };
    },
  }),
);

/** An RFC 3339 time from an event input; null when absent or empty. */
export function eventTime(value: string | null | undefined, argument: string): Date | null {
  if (!value) return null;
  try {
    return parseDateTime(value);
  } catch (error) {
    // parseDateTime says what is wrong (not RFC 3339, or outside the storable range).
    const reason = (error as Error).message;
    throw new UserInputError((name) => `${name(`input.${argument}`)}: ${reason}`, `input.${argument}`);
  }
}

export const EVENT_TEXT_LIMITS = {
  title: z.string().trim().min(1, 'must not be empty').max(200),
  description: z.string().max(5000),
  version: z.string().max(100),
  source: z.string().max(100),
  url: z
    .string()
    .url()
    .max(2000)
    .refine((u) => /^https?:/i.test(u), 'must be an http(s) URL'),
};

const CreateEventInput = builder.inputType('CreateEventInput', {
  fields: (t) => ({
    environment: t.string({ required: false, description: "Environment name or id; a token's own when omitted." }),
    type: t.field({ type: EventTypeEnum, required: true }),
    title: t.string({ required: true, validate: EVENT_TEXT_LIMITS.title }),
    description: t.string({ required: false, validate: EVENT_TEXT_LIMITS.description }),
    version: t.string({ required: false, validate: EVENT_TEXT_LIMITS.version }),
    source: t.string({ required: false, validate: EVENT_TEXT_LIMITS.source }),
    url: t.string({ required: false, validate: EVENT_TEXT_LIMITS.url }),
    bucket: t.string({ required: false, description: 'Bucket name or id; environment-wide when omitted.' }),
    startedAt: t.string({ required: false, description: 'RFC 3339; now when omitted.' }),
    endedAt: t.string({ required: false, description: 'For things that take a while.' }),
  }),
});

builder.mutationField('createEvent', (t) =>
  t.prismaField({
    ...requireScopes('events:write'),
    type: EventObject,
    description: 'Creates a marker to correlate with traffic (e.g. a deployment).',
    args: { input: t.arg({ type: CreateEventInput, required: true }) },
    resolve: async (query, _root, { input }, ctx) => {
      const env = await resolveEnvironment(ctx.db, ctx.access, input.environment);
      const startedAt = eventTime(input.startedAt, 'startedAt') ?? new Date();
      const endedAt = eventTime(input.endedAt, 'endedAt');
      if (endedAt && endedAt < startedAt)
        throw new UserInputError(
          (name) => `${name('input.endedAt')} must not be before ${name('input.startedAt')}`,
          'input.endedAt',
        );
      const [bucketId] = input.bucket
        ? await resolveBuckets(ctx.db, ctx.access, env.accountId, [input.bucket])
        : [null];
      if (!bucketId && ctx.access.bucketIds !== null) {
        throw new UserInputError(
          (name) => `${name('input.bucket')} is required: this token is limited to some buckets`,
          'input.bucket',
        );
      }
      return ctx.db.prisma.event.create({
        ...query,
        data: {
          accountId: env.accountId,
          environmentId: env.id,
          bucketId: bucketId ?? null,
          type: input.type,
          title: input.title.trim(),
          description: input.description ?? null,
          version: input.version ?? null,
          source: input.source ?? null,
          url: input.url ?? null,
          startedAt,
          endedAt,
          createdBy: principalLabel(ctx.principal),
        },
      });
    },
  }),
);
