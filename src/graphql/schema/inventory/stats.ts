import { inventoryStats } from '../../../domain/inventory/inventory-stats.ts';
import { builder, requireScopes } from '../../builder.ts';

type Stats = Awaited<ReturnType<typeof inventoryStats>>;
const SnapshotCount = builder.objectRef<Stats['serversBySnapshot'][number]>('SnapshotServerCount').implement({
  fields: (t) => ({
    snapshotId: t.exposeInt('snapshotId'),
    label: t.exposeString('label'),
    takenAt: t.field({ type: 'DateTime', resolve: (s) => s.takenAt }),
    count: t.exposeInt('count'),
  }),
});
const ServerCount = builder.objectRef<Stats['mostCommonServers'][number]>('ServerNameCount').implement({
  fields: (t) => ({ serverName: t.exposeString('serverName'), count: t.exposeInt('count') }),
});
const InventoryStatsType = builder.objectRef<Stats>('InventoryStats').implement({
  fields: (t) => ({
    totalServers: t.exposeInt('totalServers', { description: 'Distinct server names.' }),
    totalConfigurations: t.exposeInt('totalConfigurations', {
      description: 'Server configurations across all snapshots.',
    }),
    serversBySnapshot: t.field({ type: [SnapshotCount], resolve: (s) => s.serversBySnapshot }),
    mostCommonServers: t.field({ type: [ServerCount], description: 'Top 10.', resolve: (s) => s.mostCommonServers }),
    configFileLocations: t.stringList({
      description: 'Full paths of the config files that held servers (names alone merge clients).',
      directives: { sanitized: { as: 'TEXT' } },
      resolve: (s) => s.configFileLocations,
    }),
  }),
});

builder.queryField('snapshotServerStats', (t) =>
  t.field({
    ...requireScopes('inventory:read'),
    type: InventoryStatsType,
    resolve: (_root, _args, ctx) => inventoryStats(ctx.db, ctx.access.accountId),
  }),
);
