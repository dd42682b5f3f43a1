import { resolveAccount } from '../../domain/accounts/resolve-account.ts';
import { resolveBuckets } from '../../domain/accounts/resolve-environment.ts';
import { createBucket, deleteBucket, updateBucket, type BucketRef } from '../../domain/workspace/manage-buckets.ts';
import { ForbiddenError } from '../../errors.ts';
import { builder, requireScopes } from '../builder.ts';
import type { GraphQLContext } from '../context.ts';
import { BucketType } from './buckets.ts';
import { WorkspaceDeletion } from './workspace-deletion.ts';

/** Buckets are shared by the account's environments: a token limited to some of them may not reshape the set. */
function requireAllBuckets(ctx: GraphQLContext) {
  if (ctx.access.bucketIds !== null) {
    throw new ForbiddenError(
      'Managing buckets needs the server admin token or an admin token with all buckets; this token is limited to some buckets',
    );
  }
}

async function resolveBucket(
  ctx: GraphQLContext,
  account: string | null | undefined,
  reference: string,
): Promise<BucketRef> {
  const accountId = await resolveAccount(ctx.db, ctx.access, account);
  const [id] = await resolveBuckets(ctx.db, ctx.access, accountId, [reference]);
  return ctx.db.prisma.bucket.findUniqueOrThrow({
    where: { id: id! },
    select: { id: true, accountId: true, name: true },
  });
}

const CreateBucketInput = builder.inputType('CreateBucketInput', {
  fields: (t) => ({
    account: t.string({ required: false, description: 'Account name; only needed when the server holds several.' }),
    name: t.string({ required: true, description: "1 to 64 lowercase letters, digits, '-', '_' or '.'; unique." }),
    description: t.string({ required: false }),
  }),
});

const UpdateBucketInput = builder.inputType('UpdateBucketInput', {
  fields: (t) => ({
    account: t.string({ required: false, description: 'Account name; only needed when the server holds several.' }),
    bucket: t.string({ required: true, description: 'The bucket to change: name or id.' }),
    name: t.string({ required: false, description: 'A new name (same rules as on create).' }),
    description: t.string({ required: false, description: 'A new description; an empty string clears it.' }),
  }),
});

builder.mutationFields((t) => ({
  createBucket: t.prismaField({
    ...requireScopes('admin'),
    type: BucketType,
    description: 'Creates a bucket (a stream of captured traffic, e.g. one API).',
    args: { input: t.arg({ type: CreateBucketInput, required: true }) },
    resolve: async (query, _root, { input }, ctx) => {
      requireAllBuckets(ctx);
      const accountId = await resolveAccount(ctx.db, ctx.access, input.account);
      const created = await createBucket(ctx.db, { accountId, name: input.name, description: input.description });
      return ctx.db.prisma.bucket.findUniqueOrThrow({ ...query, where: { id: created.id } });
    },
  }),
  updateBucket: t.prismaField({
    ...requireScopes('admin'),
    type: BucketType,
    description: 'Renames a bucket or changes its description.',
    args: { input: t.arg({ type: UpdateBucketInput, required: true }) },
    resolve: async (query, _root, { input }, ctx) => {
      requireAllBuckets(ctx);
      const bucket = await resolveBucket(ctx, input.account, input.bucket);
      const updated = await updateBucket(ctx.db, bucket, { name: input.name, description: input.description });
      return ctx.db.prisma.bucket.findUniqueOrThrow({ ...query, where: { id: updated.id } });
    },
  }),
  deleteBucket: t.field({
    ...requireScopes('admin'),
    type: WorkspaceDeletion,
    description:
      'Deletes a bucket. Refused while requests, tokens, events or rules limited to it refer to it, unless cascade: true.',
    args: {
      account: t.arg.string({
        required: false,
        description: 'Account name; only needed when the server holds several.',
      }),
      bucket: t.arg.string({ required: true, description: 'Name or id.' }),
      cascade: t.arg.boolean({
        required: false,
        defaultValue: false,
        description:
          'Also delete its requests, events and rules limited to it alone, and revoke tokens limited to it alone.',
      }),
    },
    resolve: async (_root, args, ctx) => {
      requireAllBuckets(ctx);
      const bucket = await resolveBucket(ctx, args.account, args.bucket);
      const removed = await deleteBucket(ctx.db, bucket, args.cascade ?? false);
      return { id: bucket.id, name: bucket.name, removed };
    },
  }),
}));
