import { builder, requireScopes } from '../builder.ts';
import { BucketType } from './buckets.ts';
import { scopedWhere, type DataAccess } from '../../auth/data-access.ts';
import { visibleRules } from '../../auth/token-administration.ts';
import { MASK_STYLES, PATTERN_KINDS, REDACTION_TARGETS } from '../../domain/ingest/rules/rule-kinds.ts';

// A rule shared with buckets the caller cannot see lists only its own: other buckets' names and ids stay hidden.
const visibleBucketsDescription = 'Empty: every bucket. Lists only the buckets the caller may see.';

// Likewise a rule's hits: other buckets' counts would tell their traffic volume.
const hitCountDescription = 'Requests this rule matched in the environments and buckets the caller may see.';

/** What the hitCount field loads: the rule's total, and the per-bucket counts the caller may see (none when the total is its answer). */
function hitCountSelection(access: DataAccess) {
  const where = scopedWhere.ruleHits(access);
  return {
    hitCount: true,
    hits: { where: where ?? {}, select: { count: true }, ...(where === null ? { take: 0 } : {}) },
  } as const;
}

function visibleHitCount(access: DataAccess, rule: { hitCount: bigint; hits: { count: bigint }[] }): bigint {
  return scopedWhere.ruleHits(access) === null ? rule.hitCount : rule.hits.reduce((sum, row) => sum + row.count, 0n);
}

export const RedactionTarget = builder.enumType('RedactionTarget', { values: REDACTION_TARGETS });
export const MaskStyle = builder.enumType('MaskStyle', { values: MASK_STYLES });
export const PatternKind = builder.enumType('PatternKind', { values: PATTERN_KINDS });

export const RedactionRuleType = builder.prismaObject('RedactionRule', {
  description: 'What is masked in captured traffic before it is stored.',
  fields: (t) => ({
    id: t.exposeID('id'),
    name: t.exposeString('name'),
    target: t.field({ type: RedactionTarget, resolve: (rule) => rule.target }),
    selector: t.exposeString('selector', {
      description: 'Header or parameter name, JSON field path, or regular expression.',
    }),
    maskStyle: t.field({ type: MaskStyle, resolve: (rule) => rule.maskStyle }),
    placeholder: t.exposeString('placeholder'),
    enabled: t.exposeBoolean('enabled'),
    buckets: t.relation('buckets', {
      type: BucketType,
      description: visibleBucketsDescription,
      query: (_args, ctx) => ({ where: scopedWhere.bucket(ctx.access) }),
    }),
    hitCount: t.field({
      type: 'BigInt',
      description: hitCountDescription,
      select: (_args, ctx) => hitCountSelection(ctx.access),
      resolve: (rule, _args, ctx) => visibleHitCount(ctx.access, rule),
    }),
    createdAt: t.expose('createdAt', { type: 'DateTime' }),
    updatedAt: t.expose('updatedAt', { type: 'DateTime' }),
  }),
});

export const ExclusionRuleType = builder.prismaObject('ExclusionRule', {
  description: 'Requests matching every condition set here are not captured at all.',
  fields: (t) => ({
    id: t.exposeID('id'),
    name: t.exposeString('name'),
    method: t.exposeString('method', { nullable: true }),
    host: t.exposeString('host', { nullable: true }),
    pathPattern: t.exposeString('pathPattern', { nullable: true }),
    pathPatternKind: t.field({ type: PatternKind, resolve: (rule) => rule.pathPatternKind }),
    userAgentContains: t.exposeString('userAgentContains', { nullable: true }),
    status: t.exposeInt('status', { nullable: true }),
    enabled: t.exposeBoolean('enabled'),
    buckets: t.relation('buckets', {
      type: BucketType,
      description: visibleBucketsDescription,
      query: (_args, ctx) => ({ where: scopedWhere.bucket(ctx.access) }),
    }),
    hitCount: t.field({
      type: 'BigInt',
      description: hitCountDescription,
      select: (_args, ctx) => hitCountSelection(ctx.access),
      resolve: (rule, _args, ctx) => visibleHitCount(ctx.access, rule),
    }),
    createdAt: t.expose('createdAt', { type: 'DateTime' }),
    updatedAt: t.expose('updatedAt', { type: 'DateTime' }),
  }),
});

builder.queryFields((t) => ({
  redactionRules: t.prismaField({
    ...requireScopes('config:read'),
    type: [RedactionRuleType],
    resolve: (query, _root, _args, ctx) =>
      ctx.db.prisma.redactionRule.findMany({
        ...query,
        where: visibleRules(ctx.access),
        orderBy: { createdAt: 'asc' },
      }),
  }),
  exclusionRules: t.prismaField({
    ...requireScopes('config:read'),
    type: [ExclusionRuleType],
    resolve: (query, _root, _args, ctx) =>
      ctx.db.prisma.exclusionRule.findMany({
        ...query,
        where: visibleRules(ctx.access),
        orderBy: { createdAt: 'asc' },
      }),
  }),
}));
