import {
  dataCoverage,
  rawReadableRange,
  type AnswerSource,
  type DataCoverage,
  type RetentionState,
} from '../../domain/retention/data-coverage.ts';
import type { RetentionPolicy } from '../../domain/retention/retention-policy.ts';
import type { TimeRange } from '../../domain/time/time-range.ts';
import { builder } from '../builder.ts';
import type { GraphQLContext } from '../context.ts';

const AnswerSourceEnum = builder.enumType('AnswerSource', {
  description: 'What an answer is computed from, and so how far back it can reach.',
  values: {
    RAW: { value: 'raw', description: 'Captured request rows, kept RETENTION_DAYS.' },
    ROLLUPS: {
      value: 'rollups',
      description: 'Pre-aggregated counts, histograms and error groups, kept ROLLUP_RETENTION_DAYS.',
    },
  } as const,
});

export const DataCoverageType = builder.objectRef<DataCoverage>('DataCoverage').implement({
  description:
    'Whether the range asked lies inside what retention keeps. When `complete` is false, older data was deleted and the numbers cover only the part from `availableFrom` on.',
  fields: (t) => ({
    complete: t.exposeBoolean('complete'),
    source: t.field({ type: AnswerSourceEnum, resolve: (c) => c.source }),
    availableFrom: t.expose('availableFrom', {
      type: 'DateTime',
      description: "The oldest instant this answer's source still holds.",
    }),
    note: t.exposeString('note', {
      nullable: true,
      description: 'What is missing and why, in words; null when complete.',
    }),
  }),
});

/** The server's retention policy (RETENTION_DAYS, ROLLUP_RETENTION_DAYS). */
export const policyOf = (ctx: GraphQLContext): RetentionPolicy => ({
  rawDays: ctx.limits.retentionDays,
  rollupDays: ctx.limits.rollupRetentionDays,
});

/** The policy configured and the cut-offs purges applied, as this operation reads them. */
export async function retentionOf(ctx: GraphQLContext): Promise<RetentionState> {
  return { policy: policyOf(ctx), purged: await ctx.purgedBefore() };
}

/** The part of `range` whose raw rows retention still keeps; null when none. */
export async function rawRangeFor(ctx: GraphQLContext, range: TimeRange): Promise<TimeRange | null> {
  return rawReadableRange(range, await retentionOf(ctx), new Date());
}

/** The coverage of an answer over `range`, under the server's retention; `cellMs` as in dataCoverage. */
export async function coverageFor(
  ctx: GraphQLContext,
  range: TimeRange,
  source: AnswerSource,
  cellMs?: number,
): Promise<DataCoverage> {
  return dataCoverage(range, source, await retentionOf(ctx), new Date(), cellMs);
}
