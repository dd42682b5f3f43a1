import { countExpired, type TableRows } from '../../domain/retention/purge.ts';
import { runPurge, type PurgeRun } from '../../domain/retention/run-purge.ts';
import {
  retentionCutoffs,
  type RetentionCutoffs,
  type RetentionPolicy,
} from '../../domain/retention/retention-policy.ts';
import { builder, requireScopes } from '../builder.ts';
import { policyOf } from './data-coverage.ts';

const TableRowsType = builder.objectRef<TableRows>('TableRows').implement({
  description: 'A number of rows in one table.',
  fields: (t) => ({
    table: t.exposeString('table', {
      description: 'Request (rows with their headers and bodies), RequestRollup, LatencyHistogram or ErrorRollup.',
    }),
    rows: t.exposeInt('rows'),
  }),
});

type PreviewShape = RetentionCutoffs & { policy: RetentionPolicy; expired: TableRows[] };

const retentionFields = {
  requestsBefore: { description: 'Raw requests stamped before this go (RETENTION_DAYS).' },
  rollupsBefore: { description: 'Rollup rows whose period ended by this go (ROLLUP_RETENTION_DAYS).' },
};

const PurgePreview = builder.objectRef<PreviewShape>('PurgePreview').implement({
  description: 'What a purge run now would delete.',
  fields: (t) => ({
    retentionDays: t.int({ resolve: (p) => p.policy.rawDays }),
    rollupRetentionDays: t.int({ resolve: (p) => p.policy.rollupDays }),
    requestsBefore: t.expose('requestsBefore', { type: 'DateTime', ...retentionFields.requestsBefore }),
    rollupsBefore: t.expose('rollupsBefore', { type: 'DateTime', ...retentionFields.rollupsBefore }),
    expired: t.field({ type: [TableRowsType], resolve: (p) => p.expired }),
  }),
});

const PurgeResult = builder.objectRef<PurgeRun>('PurgeResult').implement({
  description:
    'One purge run. `ran` is false when another purge (on this or another instance) was running; nothing was deleted then.',
  fields: (t) => ({
    ran: t.exposeBoolean('ran'),
    skippedReason: t.string({ nullable: true, resolve: (r) => (r.ran ? null : r.reason) }),
    requestsBefore: t.field({
      type: 'DateTime',
      nullable: true,
      ...retentionFields.requestsBefore,
      resolve: (r) => (r.ran ? r.requestsBefore : null),
    }),
    rollupsBefore: t.field({
      type: 'DateTime',
      nullable: true,
      ...retentionFields.rollupsBefore,
      resolve: (r) => (r.ran ? r.rollupsBefore : null),
    }),
    deleted: t.field({ type: [TableRowsType], resolve: (r) => (r.ran ? r.deleted : []) }),
    batches: t.int({ resolve: (r) => (r.ran ? r.batches : 0) }),
    interrupted: t.boolean({
      description: 'Stopped early (the server began shutting down); the next run continues.',
      resolve: (r) => r.ran && r.interrupted,
    }),
    durationMs: t.float({ resolve: (r) => (r.ran ? r.durationMs : 0) }),
  }),
});

builder.queryFields((t) => ({
  purgePreview: t.field({
    ...requireScopes('admin'),
    type: PurgePreview,
    description:
      'The retention cut-offs now and how many rows per table are past them (what `purgeExpiredData` would delete).',
    resolve: async (_root, _args, ctx) => {
      const policy = policyOf(ctx);
      const cutoffs = retentionCutoffs(policy, new Date());
      return { ...cutoffs, policy, expired: await countExpired(ctx.db.sql, cutoffs) };
    },
  }),
}));

builder.mutationFields((t) => ({
  purgeExpiredData: t.field({
    ...requireScopes('admin'),
    type: PurgeResult,
    description:
      'Deletes now what retention let go (the server also does this on a schedule), in batches, one instance at a time.',
    resolve: (_root, _args, ctx) => runPurge(ctx.db, policyOf(ctx), new Date()),
  }),
}));
