import { z } from 'zod';
import { machineDrift, type SnapshotDrift } from '../../../domain/inventory/machine-drift.ts';
import type { FieldChange, ServerDrift } from '../../../domain/inventory/server-drift.ts';
import { UserInputError } from '../../../errors.ts';
import { builder, requireScopes } from '../../builder.ts';

const FieldChangeType = builder.objectRef<FieldChange>('InventoryFieldChange').implement({
  description: 'One field of a server that differs between two snapshots of a machine.',
  fields: (t) => ({
    field: t.exposeString('field', {
      description: 'command, args, url, transport, disabled, env.NAME or headers.NAME.',
    }),
    change: t.exposeString('change', {
      description:
        'changed, added, removed, or rotated (a redacted secret whose fingerprint changed; neither value is known).',
    }),
    before: t.string({ nullable: true, directives: { sanitized: { as: 'TEXT' } }, resolve: (c) => c.before }),
    after: t.string({ nullable: true, directives: { sanitized: { as: 'TEXT' } }, resolve: (c) => c.after }),
  }),
});

const ServerDriftType = builder.objectRef<ServerDrift>('InventoryServerDrift').implement({
  fields: (t) => ({
    serverName: t.exposeString('serverName'),
    client: t.exposeString('client'),
    filePath: t.string({ directives: { sanitized: { as: 'TEXT' } }, resolve: (d) => d.filePath }),
    change: t.exposeString('change', { description: 'added, removed or changed.' }),
    fields: t.field({
      type: [FieldChangeType],
      description: 'What changed (changed servers only).',
      resolve: (d) => d.fields,
    }),
  }),
});

const SnapshotDriftType = builder.objectRef<SnapshotDrift>('InventoryDrift').implement({
  description:
    'What changed on one machine from one of its snapshots to its next. Servers are compared per client and config file.',
  fields: (t) => ({
    machine: t.exposeString('machine'),
    hostname: t.string({ nullable: true, directives: { sanitized: { as: 'TEXT' } }, resolve: (d) => d.hostname }),
    fromSnapshotId: t.exposeInt('fromSnapshotId'),
    toSnapshotId: t.exposeInt('toSnapshotId'),
    fromTakenAt: t.field({ type: 'DateTime', resolve: (d) => d.fromTakenAt }),
    toTakenAt: t.field({ type: 'DateTime', resolve: (d) => d.toTakenAt }),
    servers: t.field({
      type: [ServerDriftType],
      description: 'Empty when nothing changed.',
      resolve: (d) => d.servers,
    }),
  }),
});

builder.queryField('inventoryDrift', (t) =>
  t.field({
    ...requireScopes('inventory:read'),
    type: [SnapshotDriftType],
    description:
      "Drift between each machine's consecutive snapshots, newest first: servers added, removed, or changed (command, args, url, transport, disabled, env and header names, secrets rotated).",
    args: {
      machine: t.arg.string({ required: false, description: 'One machine only.', validate: z.string().max(255) }),
      snapshots: t.arg.int({
        required: false,
        defaultValue: 10,
        description: "How many of each machine's latest snapshots to compare (2 to 100).",
      }),
    },
    resolve: (_root, args, ctx) => {
      const snapshots = args.snapshots ?? 10;
      if (!Number.isInteger(snapshots) || snapshots < 2 || snapshots > 100)
        throw new UserInputError('snapshots must be from 2 to 100', 'snapshots');
      return machineDrift(ctx.db, ctx.access.accountId, { machine: args.machine ?? null, snapshots });
    },
  }),
);
