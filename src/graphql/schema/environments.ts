import { scopedWhere } from '../../auth/data-access.ts';
import { builder, requireScopes } from '../builder.ts';

export const EnvironmentType = builder.prismaObject('Environment', {
  description: 'A deployment stage (production, staging, development). An access token is locked to one.',
  fields: (t) => ({
    id: t.exposeID('id'),
    name: t.exposeString('name'),
    description: t.exposeString('description', { nullable: true }),
    createdAt: t.expose('createdAt', { type: 'DateTime' }),
  }),
});

builder.queryField('environments', (t) =>
  t.prismaField({
    ...requireScopes('config:read'),
    description: 'Environments the caller can see: one for an access token, all for an admin.',
    type: [EnvironmentType],
    resolve: (query, _root, _args, ctx) =>
      ctx.db.prisma.environment.findMany({ ...query, where: scopedWhere.environment(ctx.access), orderBy: { createdAt: 'asc' } }),
  }),
);
