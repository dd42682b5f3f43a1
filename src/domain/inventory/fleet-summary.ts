import type { Database } from '../../db/database.ts';

interface Sightings {
  firstSeen: Date;
  lastSeen: Date;
  snapshotCount: number;
}

/** One client on one machine: when a config file of it was first and last found, and what it lists now. */
export interface MachineClient extends Sightings {
  client: string;
  /** Servers this client lists in the machine's latest snapshot. */
  serverCount: number;
}

export interface MachineSummary extends Sightings {
  machine: string;
  hostname: string | null;
  platform: string | null;
  latestSnapshotId: number;
  /** Servers in the machine's latest snapshot. */
  serverCount: number;
  clients: MachineClient[];
}

/** A client across the account's machines. */
export interface FleetClient extends Sightings {
  client: string;
  machineCount: number;
  /** Distinct server names this client lists in the latest snapshots of the machines. */
  serverCount: number;
}

export interface FleetSummary {
  machineCount: number;
  snapshotCount: number;
  firstSeen: Date | null;
  lastSeen: Date | null;
  /** Distinct server names in the latest snapshots of the machines. */
  serverCount: number;
  machines: MachineSummary[];
  clients: FleetClient[];
}

const earliest = (a: Date, b: Date) => (a < b ? a : b);
const latestOf = (a: Date, b: Date) => (a > b ? a : b);

/** Per machine and per client sightings, and the account-wide roll-up (every account for an admin). */
export async function fleetSummary(db: Database, accountId: string | null): Promise<FleetSummary> {
  const account = accountId === null ? 'TRUE' : 'sn."accountId" = $1';
  const params = accountId === null ? [] : [accountId];
  const [machines, clients] = await Promise.all([
    db.sql.query<{
      machine: string;
      first_seen: Date;
      last_seen: Date;
      snapshots: number;
      latest_id: number;
      hostname: string | null;
      platform: string | null;
    }>(
      `SELECT totals.machine, totals.first_seen, totals.last_seen, totals.snapshots, latest.id AS latest_id, latest.hostname, latest.platform
       FROM (SELECT machine, min("takenAt") AS first_seen, max("takenAt") AS last_seen, count(*)::int AS snapshots
             FROM "Snapshot" sn WHERE ${account} GROUP BY machine) totals
       JOIN (SELECT DISTINCT ON (machine) machine, id, hostname, platform FROM "Snapshot" sn WHERE ${account}
             ORDER BY machine, "takenAt" DESC, id DESC) latest ON latest.machine = totals.machine
       ORDER BY totals.last_seen DESC, totals.machine`,
      params,
    ),
    db.sql.query<{ machine: string; client: string; first_seen: Date; last_seen: Date; snapshots: number }>(
      `SELECT sn.machine, cf.client, min(sn."takenAt") AS first_seen, max(sn."takenAt") AS last_seen, count(DISTINCT sn.id)::int AS snapshots
       FROM "SnapshotConfigFile" cf JOIN "Snapshot" sn ON sn.id = cf."snapshotId"
       WHERE ${account} AND cf.status <> 'not_found' GROUP BY 1, 2 ORDER BY 1, 2`,
      params,
    ),
  ]);
  const latestIds = machines.map((m) => Number(m.latest_id));
  const current = await db.sql.query<{ snapshot_id: number; client: string; name: string }>(
    `SELECT "snapshotId" AS snapshot_id, client, "serverName" AS name FROM "SnapshotServer" WHERE "snapshotId" = ANY($1::int[])`,
    [latestIds],
  );

  const summaries: MachineSummary[] = machines.map((row) => {
    const servers = current.filter((s) => Number(s.snapshot_id) === Number(row.latest_id));
    return {
      machine: row.machine,
      hostname: row.hostname,
      platform: row.platform,
      firstSeen: new Date(row.first_seen),
      lastSeen: new Date(row.last_seen),
      snapshotCount: Number(row.snapshots),
      latestSnapshotId: Number(row.latest_id),
      serverCount: servers.length,
      clients: clients
        .filter((c) => c.machine === row.machine)
        .map((c) => ({
          client: c.client,
          firstSeen: new Date(c.first_seen),
          lastSeen: new Date(c.last_seen),
          snapshotCount: Number(c.snapshots),
          serverCount: servers.filter((s) => s.client === c.client).length,
        })),
    };
  });

  const byClient = new Map<string, FleetClient & { names: Set<string> }>();
  for (const machine of summaries) {
    for (const c of machine.clients) {
      const seen = byClient.get(c.client);
      byClient.set(
        c.client,
        seen
          ? {
              ...seen,
              machineCount: seen.machineCount + 1,
              snapshotCount: seen.snapshotCount + c.snapshotCount,
              firstSeen: earliest(seen.firstSeen, c.firstSeen),
              lastSeen: latestOf(seen.lastSeen, c.lastSeen),
            }
          : { ...c, machineCount: 1, names: new Set() },
      );
    }
  }
  for (const server of current) byClient.get(server.client)?.names.add(server.name);

  return {
    machineCount: summaries.length,
    snapshotCount: summaries.reduce((sum, m) => sum + m.snapshotCount, 0),
    firstSeen: summaries.length === 0 ? null : summaries.map((m) => m.firstSeen).reduce(earliest),
    lastSeen: summaries.length === 0 ? null : summaries.map((m) => m.lastSeen).reduce(latestOf),
    serverCount: new Set(current.map((s) => s.name)).size,
    machines: summaries,
    clients: [...byClient.values()]
      .map(({ names, ...client }) => ({ ...client, serverCount: names.size }))
      .sort((a, b) => b.machineCount - a.machineCount || a.client.localeCompare(b.client)),
  };
}
