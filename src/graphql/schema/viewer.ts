import { builder } from '../builder.ts';
import { BucketType } from './buckets.ts';
import { EnvironmentType } from './environments.ts';
import { scopedWhere } from '../../auth/data-access.ts';
import { SCOPES, type Scope } from '../../auth/scopes.ts';
import { ScopeEnum } from './access-tokens.ts';

interface ViewerShape {
  kind: 'admin' | 'token' | 'anonymous' | 'local';
}

const PrincipalKind = builder.enumType('PrincipalKind', { values: ['admin', 'token', 'anonymous', 'local'] as const });

const Viewer = builder.objectRef<ViewerShape>('Viewer').implement({
  description: 'The caller, as the bearer token identifies it. Readable without any scope.',
  fields: (t) => ({
    kind: t.field({ type: PrincipalKind, resolve: (viewer) => viewer.kind }),
    name: t.string({
      nullable: true,
      resolve: (_viewer, _args, ctx) => (ctx.principal.kind === 'anonymous' ? null : ctx.principal.name),
    }),
    scopes: t.field({
      type: [ScopeEnum],
      resolve: (_viewer, _args, ctx): Scope[] =>
        ctx.principal.kind === 'admin'
          ? [...SCOPES]
          : ctx.principal.kind === 'token' || ctx.principal.kind === 'local'
            ? ctx.principal.scopes
            : [],
    }),
    environment: t.prismaField({
      type: EnvironmentType,
      nullable: true,
      description: "A token's environment; null for admins (they name one per operation).",
      resolve: (query, _viewer, _args, ctx) =>
        ctx.access.environmentId === null
          ? null
          : ctx.db.prisma.environment.findUnique({ ...query, where: { id: ctx.access.environmentId } }),
    }),
    buckets: t.prismaField({
      type: [BucketType],
      resolve: (query, _viewer, _args, ctx) =>
        ctx.principal.kind === 'anonymous'
          ? []
          : ctx.db.prisma.bucket.findMany({
              ...query,
              where: scopedWhere.bucket(ctx.access),
              orderBy: { name: 'asc' },
            }),
    }),
  }),
});

builder.queryField('viewer', (t) =>
  t.field({ type: Viewer, resolve: (_root, _args, ctx) => ({ kind: ctx.principal.kind }) }),
);
