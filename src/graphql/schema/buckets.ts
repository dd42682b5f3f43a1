import { scopedWhere } from '../../auth/data-access.ts';
import { builder, requireScopes } from '../builder.ts';

export const BucketType = builder.prismaObject('Bucket', {
  description: 'A stream of captured traffic, e.g. one API or service.',
  fields: (t) => ({
    id: t.exposeID('id'),
    name: t.exposeString('name'),
    description: t.exposeString('description', { nullable: true }),
    createdAt: t.expose('createdAt', { type: 'DateTime' }),
  }),
});

builder.queryField('buckets', (t) =>
  t.prismaField({
    ...requireScopes('config:read'),
    description: "Buckets the caller can see: a token's own buckets (or all of its account's), all for an admin.",
    type: [BucketType],
    resolve: (query, _root, _args, ctx) =>
      ctx.db.prisma.bucket.findMany({ ...query, where: scopedWhere.bucket(ctx.access), orderBy: { name: 'asc' } }),
  }),
);
