import { resolveBuckets } from '../../domain/accounts/resolve-environment.ts';
import { NotFoundError, UserInputError } from '../../errors.ts';
import { builder, requireScopes } from '../builder.ts';
import type { GraphQLContext } from '../context.ts';
import { EVENT_TEXT_LIMITS, EventObject, eventTime, EventTypeEnum } from './events.ts';

/**
 * The event a caller may change: in its own environment, and for a bucket-limited token one of its buckets'
 * events (not an environment-wide one, which such a token cannot create either). Others read as not found.
 */
async function changeableEvent(ctx: GraphQLContext, id: string) {
  const { accountId, environmentId, bucketIds } = ctx.access;
  const event = await ctx.db.prisma.event.findFirst({
    where: {
      id,
      ...(accountId !== null ? { accountId } : {}),
      ...(environmentId !== null ? { environmentId } : {}),
      ...(bucketIds !== null ? { bucketId: { in: bucketIds } } : {}),
    },
  });
  if (!event) throw new NotFoundError(`Event "${id}"`);
  return event;
}

const UpdateEventInput = builder.inputType('UpdateEventInput', {
  description: 'Fields to change; omitted fields keep their value, an empty string clears an optional one.',
  fields: (t) => ({
    type: t.field({ type: EventTypeEnum, required: false }),
    title: t.string({ required: false, validate: EVENT_TEXT_LIMITS.title }),
    description: t.string({ required: false, validate: EVENT_TEXT_LIMITS.description }),
    version: t.string({ required: false, validate: EVENT_TEXT_LIMITS.version }),
    source: t.string({ required: false, validate: EVENT_TEXT_LIMITS.source }),
    url: t.string({ required: false, description: 'An http(s) URL; empty clears it.' }),
    bucket: t.string({
      required: false,
      description: 'Bucket name or id; empty makes it environment-wide (not for bucket-limited tokens).',
    }),
    startedAt: t.string({ required: false, description: 'RFC 3339.' }),
    endedAt: t.string({ required: false, description: 'RFC 3339; empty clears it (still ongoing or instantaneous).' }),
  }),
});

/** undefined: keep; null: clear; otherwise the new text. */
const optionalText = (value: string | null | undefined) =>
  value === undefined || value === null ? undefined : value === '' ? null : value;

builder.mutationFields((t) => ({
  updateEvent: t.prismaField({
    ...requireScopes('events:write'),
    type: EventObject,
    description: 'Corrects an event: its text, type, bucket, start or end time.',
    args: { id: t.arg.id({ required: true }), input: t.arg({ type: UpdateEventInput, required: true }) },
    resolve: async (query, _root, { id, input }, ctx) => {
      const event = await changeableEvent(ctx, String(id));
      const startedAt = eventTime(input.startedAt, 'startedAt') ?? event.startedAt;
      const endedAt = input.endedAt === '' ? null : (eventTime(input.endedAt, 'endedAt') ?? event.endedAt);
      if (endedAt && endedAt < startedAt)
        throw new UserInputError('input.endedAt must not be before startedAt', 'input.endedAt');
      const url = optionalText(input.url);
      if (url) {
        const checked = EVENT_TEXT_LIMITS.url.safeParse(url);
        if (!checked.success)
          throw new UserInputError(`input.url: ${checked.error.issues[0]?.message ?? 'invalid URL'}`, 'input.url');
      }
      let bucketId: string | null | undefined;
      if (input.bucket === '') {
        if (ctx.access.bucketIds !== null)
          throw new UserInputError('input.bucket is required: this token is limited to some buckets', 'input.bucket');
        bucketId = null;
      } else if (input.bucket) {
        [bucketId] = await resolveBuckets(ctx.db, ctx.access, event.accountId, [input.bucket]);
      }
      return ctx.db.prisma.event.update({
        ...query,
        where: { id: event.id },
        data: {
          ...(input.type ? { type: input.type } : {}),
          ...(input.title ? { title: input.title.trim() } : {}),
          description: optionalText(input.description),
          version: optionalText(input.version),
          source: optionalText(input.source),
          url,
          bucketId,
          startedAt,
          endedAt,
        },
      });
    },
  }),
  deleteEvent: t.boolean({
    ...requireScopes('events:write'),
    description: 'Deletes an event; true when it was deleted.',
    args: { id: t.arg.id({ required: true }) },
    resolve: async (_root, { id }, ctx) => {
      const event = await changeableEvent(ctx, String(id));
      await ctx.db.prisma.event.delete({ where: { id: event.id } });
      return true;
    },
  }),
}));
