import { z } from 'zod';
import { principalLabel } from '../../auth/principal.ts';
import { MCP_TOKEN_SCOPES, SCOPES, type Scope } from '../../auth/scopes.ts';
import { assertMayGrantBuckets, manageableTokens } from '../../auth/token-administration.ts';
import { resolveBuckets, resolveEnvironment } from '../../domain/accounts/resolve-environment.ts';
import { accessTokenStatus, createAccessToken, revokeAccessToken } from '../../domain/tokens/access-tokens.ts';
import { parseDuration } from '../../domain/time/duration.ts';
import { UserInputError } from '../../errors.ts';
import { builder, requireScopes } from '../builder.ts';
import { BucketType } from './buckets.ts';
import { EnvironmentType } from './environments.ts';

const AccessTokenStatus = builder.enumType('AccessTokenStatus', { values: ['active', 'revoked', 'expired'] as const });
export const ScopeEnum = builder.enumType('Scope', {
  description: 'What a token may do. admin implies every other scope.',
  values: Object.fromEntries(
    SCOPES.map((scope) => [scope.replace(':', '_').toUpperCase(), { value: scope }]),
  ) as Record<string, { value: Scope }>,
});

export const AccessTokenType = builder.prismaObject('AccessToken', {
  description:
    'A bearer token (the seed\'s "MCP token"), locked to one environment and some buckets. The secret is never readable.',
  fields: (t) => ({
    id: t.exposeID('id'),
    name: t.exposeString('name'),
    prefix: t.exposeString('prefix', { description: 'The first characters of the secret, to recognise it.' }),
    scopes: t.field({ type: [ScopeEnum], resolve: (token) => token.scopes as Scope[] }),
    allBuckets: t.exposeBoolean('allBuckets'),
    environment: t.relation('environment', { type: EnvironmentType }),
    buckets: t.relation('buckets', { type: BucketType, query: { orderBy: { name: 'asc' } } }),
    status: t.field({ type: AccessTokenStatus, resolve: (token) => accessTokenStatus(token) }),
    createdBy: t.exposeString('createdBy'),
    createdAt: t.expose('createdAt', { type: 'DateTime' }),
    lastUsedAt: t.expose('lastUsedAt', { type: 'DateTime', nullable: true }),
    expiresAt: t.expose('expiresAt', { type: 'DateTime', nullable: true }),
    revokedAt: t.expose('revokedAt', { type: 'DateTime', nullable: true }),
  }),
});

builder.queryField('accessTokens', (t) =>
  t.prismaField({
    ...requireScopes('admin'),
    type: [AccessTokenType],
    args: { includeInactive: t.arg.boolean({ defaultValue: false, required: true }) },
    resolve: (query, _root, args, ctx) =>
      ctx.db.prisma.accessToken.findMany({
        ...query,
        where: {
          ...manageableTokens(ctx.access),
          ...(args.includeInactive
            ? {}
            : { revokedAt: null, OR: [{ expiresAt: null }, { expiresAt: { gt: new Date() } }] }),
        },
        orderBy: { createdAt: 'desc' },
      }),
  }),
);

const CreateAccessTokenInput = builder.inputType('CreateAccessTokenInput', {
  fields: (t) => ({
    name: t.string({ required: true, validate: z.string().trim().min(1).max(100) }),
    environment: t.string({ required: true, description: 'Environment name or id.' }),
    buckets: t.stringList({ required: false, description: 'Bucket names or ids; omit with allBuckets: true.' }),
    allBuckets: t.boolean({ required: false, defaultValue: false }),
    scopes: t.field({ type: [ScopeEnum], required: false, description: "Defaults to the seed's MCP token scopes." }),
    expiresIn: t.string({ required: false, description: 'A duration such as 30d or 12h; omit for no expiry.' }),
  }),
});

const CreatedAccessToken = builder.objectRef<{ secret: string; tokenId: string }>('CreatedAccessToken').implement({
  description: 'The only time a secret is ever returned.',
  fields: (t) => ({
    secret: t.exposeString('secret'),
    token: t.prismaField({
      type: AccessTokenType,
      resolve: (query, parent, _args, ctx) =>
        ctx.db.prisma.accessToken.findUniqueOrThrow({ ...query, where: { id: parent.tokenId } }),
    }),
  }),
});

builder.mutationField('createAccessToken', (t) =>
  t.field({
    ...requireScopes('admin'),
    type: CreatedAccessToken,
    args: { input: t.arg({ type: CreateAccessTokenInput, required: true }) },
    resolve: async (_root, { input }, ctx) => {
      const environment = await resolveEnvironment(ctx.db, ctx.access, input.environment);
      const allBuckets = input.allBuckets ?? false;
      if (allBuckets && input.buckets?.length)
        throw new UserInputError('give buckets or allBuckets: true, not both', 'buckets');
      if (!allBuckets && !input.buckets?.length)
        throw new UserInputError('name at least one bucket, or set allBuckets: true', 'buckets');
      assertMayGrantBuckets(ctx.access, allBuckets);
      const bucketIds = allBuckets
        ? null
        : await resolveBuckets(ctx.db, ctx.access, environment.accountId, input.buckets ?? []);
      let expiresAt: Date | null = null;
      if (input.expiresIn) {
        const ms = parseDuration(input.expiresIn);
        if (ms === null)
          throw new UserInputError(
            `expiresIn "${input.expiresIn}" is not a duration such as 30d, 12h or 90m`,
            'expiresIn',
          );
        expiresAt = new Date(Date.now() + ms);
      }
      const { token, secret } = await createAccessToken(ctx.db, {
        accountId: environment.accountId,
        environmentId: environment.id,
        name: input.name,
        bucketIds,
        scopes: (input.scopes as Scope[] | null | undefined) ?? MCP_TOKEN_SCOPES,
        expiresAt,
        createdBy: principalLabel(ctx.principal),
      });
      return { secret, tokenId: token.id };
    },
  }),
);

builder.mutationField('revokeAccessToken', (t) =>
  t.prismaField({
    ...requireScopes('admin'),
    type: AccessTokenType,
    description: "Ends the token's access on its next call, in every session, on every instance.",
    args: { id: t.arg.id({ required: true }) },
    resolve: async (query, _root, args, ctx) => {
      const revoked = await revokeAccessToken(ctx.db, String(args.id), manageableTokens(ctx.access));
      return ctx.db.prisma.accessToken.findUniqueOrThrow({ ...query, where: { id: revoked.id } });
    },
  }),
);
