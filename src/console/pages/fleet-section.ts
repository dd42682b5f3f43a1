import type { ConsoleInventoryFleetQuery } from '../../generated/graphql.ts';
import { h, table, time } from '../dom.ts';

type Fleet = ConsoleInventoryFleetQuery['inventoryFleet'];
type Drift = ConsoleInventoryFleetQuery['inventoryDrift'];

/** Each machine that sent snapshots, its clients, and the account-wide roll-up per client. */
export function fleetSection(fleet: Fleet): HTMLElement {
  return h(
    'section',
    { 'aria-labelledby': 'fleet-title' },
    h('h3', { id: 'fleet-title' }, 'Machines'),
    h(
      'p',
      {},
      `${fleet.machineCount} machines, ${fleet.snapshotCount} snapshots, ${fleet.serverCount} distinct servers in their latest snapshots.`,
    ),
    table(
      [
        'Machine',
        'Hostname',
        'Platform',
        'Clients (servers now)',
        'Servers now',
        'Snapshots',
        'First seen',
        'Last seen',
      ],
      fleet.machines.map((m) => [
        h('a', { href: `#/inventory?snapshot=${m.latestSnapshotId}` }, m.machine),
        m.hostname ?? '',
        m.platform ?? '',
        m.clients.map((c) => `${c.client} (${c.serverCount})`).join(', '),
        String(m.serverCount),
        String(m.snapshotCount),
        time(m.firstSeen),
        time(m.lastSeen),
      ]),
      'Machines, most recently seen first (a machine links to its latest snapshot)',
    ),
    table(
      ['Client', 'Machines', 'Servers now', 'Snapshots', 'First seen', 'Last seen'],
      fleet.clients.map((c) => [
        c.client,
        String(c.machineCount),
        String(c.serverCount),
        String(c.snapshotCount),
        time(c.firstSeen),
        time(c.lastSeen),
      ]),
      'AI clients across the machines',
    ),
  );
}

/** One row per server that changed between a machine's consecutive snapshots; a changed server lists its fields. */
export function driftSection(drift: Drift): HTMLElement {
  const rows = drift.flatMap((d) =>
    d.servers.map((s) => [
      d.machine,
      h('a', { href: `#/inventory?snapshot=${d.toSnapshotId}` }, `#${d.fromSnapshotId} → #${d.toSnapshotId}`),
      time(d.toTakenAt),
      s.serverName,
      s.client,
      h('span', { class: `drift ${s.change}` }, s.change),
      s.fields
        .map((f) =>
          f.change === 'rotated'
            ? `${f.field}: secret rotated`
            : `${f.field} ${f.change}${f.before !== null || f.after !== null ? `: ${f.before ?? '∅'} → ${f.after ?? '∅'}` : ''}`,
        )
        .join('; '),
    ]),
  );
  return h(
    'section',
    { 'aria-labelledby': 'drift-title' },
    h('h3', { id: 'drift-title' }, 'Drift'),
    rows.length === 0
      ? h('p', {}, 'No machine’s servers changed between its snapshots.')
      : table(
          ['Machine', 'Snapshots', 'Taken (UTC)', 'Server', 'Client', 'Change', 'What changed'],
          rows,
          'What changed between each machine’s consecutive snapshots, newest first',
        ),
  );
}
