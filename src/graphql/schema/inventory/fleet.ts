import {
  fleetSummary,
  type FleetClient,
  type FleetSummary,
  type MachineClient,
  type MachineSummary,
} from '../../../domain/inventory/fleet-summary.ts';
import { builder, requireScopes } from '../../builder.ts';

const sightings = {
  firstSeen: 'When a snapshot first found it.',
  lastSeen: 'When a snapshot last found it.',
  snapshotCount: 'Snapshots that found it.',
} as const;

const MachineClientType = builder.objectRef<MachineClient>('InventoryMachineClient').implement({
  description: 'One AI client on one machine: when its config files were found, and what it lists now.',
  fields: (t) => ({
    client: t.exposeString('client'),
    firstSeen: t.field({ type: 'DateTime', description: sightings.firstSeen, resolve: (c) => c.firstSeen }),
    lastSeen: t.field({ type: 'DateTime', description: sightings.lastSeen, resolve: (c) => c.lastSeen }),
    snapshotCount: t.exposeInt('snapshotCount', { description: sightings.snapshotCount }),
    serverCount: t.exposeInt('serverCount', { description: "Servers it lists in the machine's latest snapshot." }),
  }),
});

const MachineType = builder.objectRef<MachineSummary>('InventoryMachine').implement({
  description: "One machine that sent snapshots (a snapshot's source).",
  fields: (t) => ({
    machine: t.exposeString('machine', {
      description: 'A keyed id from its scanner (or its hostname, for older scanners).',
    }),
    hostname: t.string({ nullable: true, directives: { sanitized: { as: 'TEXT' } }, resolve: (m) => m.hostname }),
    platform: t.exposeString('platform', { nullable: true }),
    firstSeen: t.field({ type: 'DateTime', description: 'Its first snapshot.', resolve: (m) => m.firstSeen }),
    lastSeen: t.field({ type: 'DateTime', description: 'Its latest snapshot.', resolve: (m) => m.lastSeen }),
    snapshotCount: t.exposeInt('snapshotCount'),
    latestSnapshotId: t.exposeInt('latestSnapshotId'),
    serverCount: t.exposeInt('serverCount', { description: 'Servers in its latest snapshot.' }),
    clients: t.field({ type: [MachineClientType], resolve: (m) => m.clients }),
  }),
});

const FleetClientType = builder.objectRef<FleetClient>('InventoryFleetClient').implement({
  description: "One AI client across the account's machines.",
  fields: (t) => ({
    client: t.exposeString('client'),
    machineCount: t.exposeInt('machineCount'),
    serverCount: t.exposeInt('serverCount', {
      description: "Distinct server names it lists in the machines' latest snapshots.",
    }),
    firstSeen: t.field({ type: 'DateTime', description: sightings.firstSeen, resolve: (c) => c.firstSeen }),
    lastSeen: t.field({ type: 'DateTime', description: sightings.lastSeen, resolve: (c) => c.lastSeen }),
    snapshotCount: t.exposeInt('snapshotCount', { description: sightings.snapshotCount }),
  }),
});

const FleetType = builder.objectRef<FleetSummary>('InventoryFleet').implement({
  description: 'Per machine and per client sightings, with the account-wide roll-up.',
  fields: (t) => ({
    machineCount: t.exposeInt('machineCount'),
    snapshotCount: t.exposeInt('snapshotCount'),
    serverCount: t.exposeInt('serverCount', {
      description: "Distinct server names in the machines' latest snapshots.",
    }),
    firstSeen: t.field({ type: 'DateTime', nullable: true, resolve: (f) => f.firstSeen }),
    lastSeen: t.field({ type: 'DateTime', nullable: true, resolve: (f) => f.lastSeen }),
    machines: t.field({ type: [MachineType], description: 'Most recently seen first.', resolve: (f) => f.machines }),
    clients: t.field({
      type: [FleetClientType],
      description: 'On the most machines first.',
      resolve: (f) => f.clients,
    }),
  }),
});

builder.queryField('inventoryFleet', (t) =>
  t.field({
    ...requireScopes('inventory:read'),
    type: FleetType,
    description: 'The machines that sent snapshots, their clients, and the account-wide roll-up.',
    resolve: (_root, _args, ctx) => fleetSummary(ctx.db, ctx.access.accountId),
  }),
);
