import { scopedWhere } from '../../auth/data-access.ts';
import { resolveEnvironment } from '../../domain/accounts/resolve-environment.ts';
import { builder, requireScopes } from '../builder.ts';

export const EnvironmentType = builder.prismaObject('Environment', {
  description: 'A deployment stage (production, staging, development). An access token is locked to one.',
  fields: (t) => ({
    id: t.exposeID('id'),
    name: t.exposeString('name'),
    description: t.exposeString('description', { nullable: true }),
    createsBucketsOnFirstSight: t.exposeBoolean('createsBucketsOnFirstSight', {
      description:
        'Whether capture (ingest, OpenTelemetry intake) into a bucket name not seen before creates the bucket; off by default.',
    }),
    createdAt: t.expose('createdAt', { type: 'DateTime' }),
  }),
});

builder.queryField('environments', (t) =>
  t.prismaField({
    ...requireScopes('config:read'),
    description: 'Environments the caller can see: one for an access token, all for an admin.',
    type: [EnvironmentType],
    resolve: (query, _root, _args, ctx) =>
      ctx.db.prisma.environment.findMany({
        ...query,
        where: scopedWhere.environment(ctx.access),
        orderBy: { createdAt: 'asc' },
      }),
  }),
);

builder.mutationField('setEnvironmentCreatesBuckets', (t) =>
  t.prismaField({
    ...requireScopes('admin'),
    description:
      'Turns on or off creating buckets on first sight in an environment: with it on, capture into an unknown bucket name (an OpenTelemetry service.name, say) creates that bucket instead of rejecting the records.',
    type: EnvironmentType,
    args: {
      environment: t.arg.string({ required: true, description: 'Environment name or id.' }),
      enabled: t.arg.boolean({ required: true }),
    },
    resolve: async (query, _root, args, ctx) => {
      const env = await resolveEnvironment(ctx.db, ctx.access, args.environment);
      return ctx.db.prisma.environment.update({
        ...query,
        where: { id: env.id },
        data: { createsBucketsOnFirstSight: args.enabled },
      });
    },
  }),
);
