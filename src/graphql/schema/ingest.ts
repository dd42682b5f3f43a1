import { resolveEnvironment } from '../../domain/accounts/resolve-environment.ts';
import { ingestBatch, type IngestOutcome } from '../../domain/ingest/ingest-batch.ts';
import { LimitExceededError, RateLimitedError } from '../../errors.ts';
import { oversizedBatchMessage, refusalMessage } from '../../http/rate-limit/rate-limit-policy.ts';
import { builder, requireScopes } from '../builder.ts';

const Excluded = builder.objectRef<IngestOutcome['excluded'][number]>('IngestExcluded').implement({
  fields: (t) => ({ index: t.exposeInt('index'), ruleId: t.exposeString('ruleId') }),
});
const Rejected = builder.objectRef<IngestOutcome['rejected'][number]>('IngestRejected').implement({
  fields: (t) => ({
    index: t.exposeInt('index'),
    reason: t.exposeString('reason', { directives: { sanitized: { as: 'TEXT' } } }),
  }),
});
const IngestResult = builder.objectRef<IngestOutcome>('IngestResult').implement({
  description: 'What happened to each record of a batch; indexes refer to the records as sent.',
  fields: (t) => ({
    received: t.exposeInt('received'),
    accepted: t.exposeInt('accepted', { description: 'Stored now.' }),
    duplicates: t.exposeInt('duplicates', { description: 'Valid but already stored (a repeated id).' }),
    excluded: t.field({ type: [Excluded], resolve: (o) => o.excluded }),
    rejected: t.field({ type: [Rejected], resolve: (o) => o.rejected }),
  }),
});

builder.mutationField('ingestRequests', (t) =>
  t.field({
    ...requireScopes('traffic:write'),
    type: IngestResult,
    description:
      'Captures requests: each record is validated on its own, exclusion rules drop, redaction rules and the sanitizer mask, and the accepted records are stored in one transaction.',
    args: {
      environment: t.arg.string({
        required: false,
        description: "Environment name or id; a token's own when omitted.",
      }),
      // Items may be null: a null record is one bad record, rejected by index like any other, not a bad batch.
      records: t.arg({
        type: ['JSON'],
        required: { list: true, items: false },
        description:
          'Records as capture agents send them (see README); bad ones, null included, are reported by index.',
      }),
    },
    resolve: async (_root, args, ctx) => {
      const env = await resolveEnvironment(ctx.db, ctx.access, args.environment);
      const refusal = await ctx.spendIngestBudget?.(args.records.length);
      if (refusal) {
        ctx.metrics?.rateLimited.inc({ scope: refusal.scope });
        if (args.records.length > refusal.limit)
          throw new LimitExceededError(oversizedBatchMessage(args.records.length, refusal.limit));
        throw new RateLimitedError(refusalMessage(refusal), refusal.retryAfterSeconds);
      }
      const outcome = await ingestBatch(
        ctx.db,
        { accountId: env.accountId, environmentId: env.id, allowedBucketIds: ctx.access.bucketIds },
        args.records,
        ctx.limits.ingest,
      );
      ctx.metrics?.ingestRecords.inc({ result: 'accepted' }, outcome.accepted);
      ctx.metrics?.ingestRecords.inc({ result: 'excluded' }, outcome.excluded.length);
      ctx.metrics?.ingestRecords.inc({ result: 'rejected' }, outcome.rejected.length);
      ctx.metrics?.ingestRecords.inc({ result: 'duplicate' }, outcome.duplicates);
      return outcome;
    },
  }),
);
