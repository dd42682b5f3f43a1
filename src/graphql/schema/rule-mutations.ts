import { z } from 'zod';
import { assertMayManageRule, visibleRules } from '../../auth/token-administration.ts';
import { resolveBuckets } from '../../domain/accounts/resolve-environment.ts';
import { resolveAccount } from '../../domain/accounts/resolve-account.ts';
import { validateExclusionRule, validateRedactionRule } from '../../domain/ingest/rules/rule-validation.ts';
import { NotFoundError, UserInputError } from '../../errors.ts';
import { builder, requireScopes } from '../builder.ts';
import type { GraphQLContext } from '../context.ts';
import { ExclusionRuleType, MaskStyle, PatternKind, RedactionRuleType, RedactionTarget } from './rules.ts';

/** The buckets a new or changed rule is bound to (empty: every bucket), held to what the caller may manage. */
async function ruleBuckets(
  ctx: GraphQLContext,
  accountId: string,
  buckets: readonly string[],
  ruleName: string,
): Promise<string[]> {
  const bucketIds = buckets.length > 0 ? await resolveBuckets(ctx.db, ctx.access, accountId, buckets) : [];
  assertMayManageRule(ctx.access, bucketIds, ruleName);
  return bucketIds;
}

/** A visible rule of the caller's account that it may change, or NOT_FOUND / FORBIDDEN. */
async function manageableRule<Rule extends { name: string; buckets: { id: string }[] }>(
  ctx: GraphQLContext,
  kind: string,
  id: string,
  find: (where: ReturnType<typeof visibleRules> & { id: string }) => Promise<Rule | null>,
) {
  const rule = await find({ id, ...visibleRules(ctx.access) });
  if (!rule) throw new NotFoundError(`${kind} rule "${id}"`);
  assertMayManageRule(
    ctx.access,
    rule.buckets.map((bucket) => bucket.id),
    rule.name,
  );
  return rule;
}

const bucketLinks = async (
  ctx: GraphQLContext,
  accountId: string,
  buckets: readonly string[] | null | undefined,
  ruleName: string,
) =>
  buckets === null || buckets === undefined
    ? undefined
    : { set: (await ruleBuckets(ctx, accountId, buckets, ruleName)).map((id) => ({ id })) };

const RedactionRuleInput = builder.inputType('RedactionRuleInput', {
  fields: (t) => ({
    account: t.string({ required: false }),
    name: t.string({ required: false, validate: z.string().trim().min(1).max(100) }),
    target: t.field({ type: RedactionTarget, required: false }),
    selector: t.string({ required: false, validate: z.string().max(500) }),
    maskStyle: t.field({ type: MaskStyle, required: false, description: 'partial keeps the last 4 characters.' }),
    placeholder: t.string({ required: false, validate: z.string().max(100) }),
    enabled: t.boolean({ required: false }),
    buckets: t.stringList({ required: false, description: 'Bucket names or ids; an empty list means every bucket.' }),
  }),
});

const ExclusionRuleInput = builder.inputType('ExclusionRuleInput', {
  fields: (t) => ({
    account: t.string({ required: false }),
    name: t.string({ required: false, validate: z.string().trim().min(1).max(100) }),
    method: t.string({ required: false }),
    host: t.string({ required: false, validate: z.string().max(255) }),
    pathPattern: t.string({ required: false, validate: z.string().max(500) }),
    pathPatternKind: t.field({ type: PatternKind, required: false, description: 'Default glob.' }),
    userAgentContains: t.string({ required: false, validate: z.string().max(200) }),
    status: t.int({ required: false }),
    enabled: t.boolean({ required: false }),
    buckets: t.stringList({ required: false }),
  }),
});

builder.mutationFields((t) => ({
  createRedactionRule: t.prismaField({
    ...requireScopes('admin'),
    type: RedactionRuleType,
    args: { input: t.arg({ type: RedactionRuleInput, required: true }) },
    resolve: async (query, _root, { input }, ctx) => {
      const accountId = await resolveAccount(ctx.db, ctx.access, input.account);
      const { target } = input;
      if (!input.name || !target || !input.selector)
        throw new UserInputError('name, target and selector are required', 'input');
      validateRedactionRule({ target, selector: input.selector });
      const bucketIds = await ruleBuckets(ctx, accountId, input.buckets ?? [], input.name);
      return ctx.db.prisma.redactionRule.create({
        ...query,
        data: {
          accountId,
          name: input.name.trim(),
          target,
          selector: input.selector.trim(),
          maskStyle: input.maskStyle ?? 'placeholder',
          placeholder: input.placeholder ?? '[REDACTED]',
          enabled: input.enabled ?? true,
          buckets: { connect: bucketIds.map((bucketId) => ({ id: bucketId })) },
        },
      });
    },
  }),
  updateRedactionRule: t.prismaField({
    ...requireScopes('admin'),
    type: RedactionRuleType,
    description: 'Changes the fields given; enabled: false disables the rule.',
    args: { id: t.arg.id({ required: true }), input: t.arg({ type: RedactionRuleInput, required: true }) },
    resolve: async (query, _root, { id, input }, ctx) => {
      const existing = await manageableRule(ctx, 'Redaction', String(id), (where) =>
        ctx.db.prisma.redactionRule.findFirst({ where, include: { buckets: { select: { id: true } } } }),
      );
      const target = input.target ?? existing.target;
      validateRedactionRule({ target, selector: input.selector ?? existing.selector });
      return ctx.db.prisma.redactionRule.update({
        ...query,
        where: { id: existing.id },
        data: {
          name: input.name?.trim(),
          target,
          selector: input.selector?.trim(),
          maskStyle: input.maskStyle ?? undefined,
          placeholder: input.placeholder ?? undefined,
          enabled: input.enabled ?? undefined,
          buckets: await bucketLinks(ctx, existing.accountId, input.buckets, existing.name),
        },
      });
    },
  }),
  deleteRedactionRule: t.boolean({
    ...requireScopes('admin'),
    args: { id: t.arg.id({ required: true }) },
    resolve: async (_root, { id }, ctx) => {
      const rule = await manageableRule(ctx, 'Redaction', String(id), (where) =>
        ctx.db.prisma.redactionRule.findFirst({ where, include: { buckets: { select: { id: true } } } }),
      );
      const deleted = await ctx.db.prisma.redactionRule.deleteMany({ where: { id: rule.id } });
      if (deleted.count === 0) throw new NotFoundError(`Redaction rule "${id}"`);
      return true;
    },
  }),
  createExclusionRule: t.prismaField({
    ...requireScopes('admin'),
    type: ExclusionRuleType,
    args: { input: t.arg({ type: ExclusionRuleInput, required: true }) },
    resolve: async (query, _root, { input }, ctx) => {
      const accountId = await resolveAccount(ctx.db, ctx.access, input.account);
      if (!input.name) throw new UserInputError('name is required', 'name');
      const fields = {
        method: input.method?.toUpperCase() ?? null,
        host: input.host ?? null,
        pathPattern: input.pathPattern ?? null,
        pathPatternKind: input.pathPatternKind ?? 'glob',
        userAgentContains: input.userAgentContains ?? null,
        status: input.status ?? null,
      };
      validateExclusionRule(fields);
      const bucketIds = await ruleBuckets(ctx, accountId, input.buckets ?? [], input.name);
      return ctx.db.prisma.exclusionRule.create({
        ...query,
        data: {
          accountId,
          name: input.name.trim(),
          ...fields,
          enabled: input.enabled ?? true,
          buckets: { connect: bucketIds.map((bid) => ({ id: bid })) },
        },
      });
    },
  }),
  updateExclusionRule: t.prismaField({
    ...requireScopes('admin'),
    type: ExclusionRuleType,
    description: 'Changes the fields given; enabled: false disables the rule.',
    args: { id: t.arg.id({ required: true }), input: t.arg({ type: ExclusionRuleInput, required: true }) },
    resolve: async (query, _root, { id, input }, ctx) => {
      const existing = await manageableRule(ctx, 'Exclusion', String(id), (where) =>
        ctx.db.prisma.exclusionRule.findFirst({ where, include: { buckets: { select: { id: true } } } }),
      );
      const fields = {
        method: input.method === undefined ? existing.method : (input.method?.toUpperCase() ?? null),
        host: input.host === undefined ? existing.host : input.host,
        pathPattern: input.pathPattern === undefined ? existing.pathPattern : input.pathPattern,
        pathPatternKind: input.pathPatternKind ?? existing.pathPatternKind,
        userAgentContains: input.userAgentContains === undefined ? existing.userAgentContains : input.userAgentContains,
        status: input.status === undefined ? existing.status : input.status,
      };
      validateExclusionRule(fields);
      return ctx.db.prisma.exclusionRule.update({
        ...query,
        where: { id: existing.id },
        data: {
          ...fields,
          name: input.name?.trim(),
          enabled: input.enabled ?? undefined,
          buckets: await bucketLinks(ctx, existing.accountId, input.buckets, existing.name),
        },
      });
    },
  }),
  deleteExclusionRule: t.boolean({
    ...requireScopes('admin'),
    args: { id: t.arg.id({ required: true }) },
    resolve: async (_root, { id }, ctx) => {
      const rule = await manageableRule(ctx, 'Exclusion', String(id), (where) =>
        ctx.db.prisma.exclusionRule.findFirst({ where, include: { buckets: { select: { id: true } } } }),
      );
      const deleted = await ctx.db.prisma.exclusionRule.deleteMany({ where: { id: rule.id } });
      if (deleted.count === 0) throw new NotFoundError(`Exclusion rule "${id}"`);
      return true;
    },
  }),
}));
