import { z } from 'zod';
import { ensureDemoAccount, seedDemoTraffic } from '../../domain/demo/seed-demo.ts';
import { ForbiddenError } from '../../errors.ts';
import { builder, requireScopes } from '../builder.ts';

const SeedDemoInput = builder.inputType('SeedDemoInput', {
  description: 'One slice of a deterministic demo data set: the same seed, size, days and until give the same records.',
  fields: (t) => ({
    seed: t.int({ required: true, validate: z.number().int().min(0).max(2_147_483_647) }),
    requests: t.int({ required: true, validate: z.number().int().min(0).max(10_000_000) }),
    days: t.int({ required: true, validate: z.number().int().min(1).max(90) }),
    until: t.field({ type: 'DateTime', required: true, description: 'End of the data set (exclusive).' }),
    offset: t.int({ required: true, validate: z.number().int().min(0) }),
    count: t.int({ required: true, validate: z.number().int().min(1).max(50_000) }),
  }),
});

const SeedDemoResult = builder
  .objectRef<{ accountCreated: boolean; generated: number; inserted: number }>('SeedDemoResult')
  .implement({
    fields: (t) => ({
      accountCreated: t.exposeBoolean('accountCreated', {
        description: 'True when this call created the demo account, its rules, events and snapshot.',
      }),
      generated: t.exposeInt('generated', { description: 'Records generated in this slice.' }),
      inserted: t.exposeInt('inserted', {
        description: 'Records stored; fewer than generated when some were already there.',
      }),
    }),
  });

builder.mutationField('seedDemoData', (t) =>
  t.field({
    ...requireScopes('admin'),
    type: SeedDemoResult,
    description:
      "Creates the demo account on first call and stores one slice of demo traffic. Idempotent per slice. Server admin token only: the demo account is found by name, so no account's token may write into it.",
    args: { input: t.arg({ type: SeedDemoInput, required: true }) },
    resolve: async (_root, { input }, ctx) => {
      if (ctx.principal.kind !== 'admin')
        throw new ForbiddenError(
          'seedDemoData needs the server admin token: access tokens act only on their own environment',
        );
      const account = await ensureDemoAccount(ctx.db, { until: input.until });
      const { inserted, generated } = await seedDemoTraffic(ctx.db, account, input, {
        offset: input.offset,
        count: input.count,
      });
      return { accountCreated: account.created, generated, inserted };
    },
  }),
);
