import type { Database } from '../../db/database.ts';

/** One server configuration as one machine's client sees it: the unit status and history are kept for. */
export interface MachineServerKey {
  accountId: string;
  machine: string;
  client: string;
  serverName: string;
  filePath: string;
}

export interface ServerHistory {
  firstSeen: Date;
  lastSeen: Date;
  snapshotCount: number;
  /** Full (redacted) paths of the config files holding it on this machine: names alone merge clients. */
  configLocations: string[];
}

export const historyKey = (key: Omit<MachineServerKey, 'filePath'>) =>
  JSON.stringify([key.accountId, key.machine, key.client, key.serverName]);

/** First and last sighting, snapshot count and config file paths of each server, per machine and client. */
export async function serverHistories(
  db: Database,
  accountId: string,
  names: readonly string[],
): Promise<Map<string, ServerHistory>> {
  const rows = await db.sql.query<{
    machine: string;
    client: string;
    name: string;
    first_seen: Date;
    last_seen: Date;
    snapshots: number;
    locations: string[];
  }>(
    `SELECT sn.machine, s.client, s."serverName" AS name, min(sn."takenAt") AS first_seen, max(sn."takenAt") AS last_seen,
            count(DISTINCT s."snapshotId")::int AS snapshots, array_agg(DISTINCT cf."filePath" ORDER BY cf."filePath") AS locations
     FROM "SnapshotServer" s
     JOIN "Snapshot" sn ON sn.id = s."snapshotId"
     JOIN "SnapshotConfigFile" cf ON cf.id = s."configFileId"
     WHERE sn."accountId" = $1 AND s."serverName" = ANY($2::text[])
     GROUP BY 1, 2, 3`,
    [accountId, [...names]],
  );
  return new Map(
    rows.map((row) => [
      historyKey({ accountId, machine: row.machine, client: row.client, serverName: row.name }),
      {
        firstSeen: new Date(row.first_seen),
        lastSeen: new Date(row.last_seen),
        snapshotCount: Number(row.snapshots),
        configLocations: row.locations,
      },
    ]),
  );
}

export type ServerStatus = 'detected' | 'configured' | 'unknown';

/**
 * Judged against the latest snapshot of the server's own machine (another machine's snapshot says nothing about
 * this one). detected: in that snapshot, same client; configured: seen there before but not now; unknown: that
 * snapshot could not read the file this server came from, so its absence proves nothing.
 */
export async function serverStatuses(
  db: Database,
  accountId: string,
  servers: readonly MachineServerKey[],
): Promise<ServerStatus[]> {
  const machines = [...new Set(servers.map((s) => s.machine))];
  const latest = await db.sql.query<{ machine: string; id: number }>(
    `SELECT DISTINCT ON (machine) machine, id FROM "Snapshot" WHERE "accountId" = $1 AND machine = ANY($2::text[])
     ORDER BY machine, "takenAt" DESC, id DESC`,
    [accountId, machines],
  );
  const ids = latest.map((row) => Number(row.id));
  const [present, files] = await Promise.all([
    db.sql.query<{ snapshot_id: number; client: string; name: string }>(
      `SELECT "snapshotId" AS snapshot_id, client, "serverName" AS name FROM "SnapshotServer" WHERE "snapshotId" = ANY($1::int[])`,
      [ids],
    ),
    db.sql.query<{ snapshot_id: number; client: string; file_path: string; status: string }>(
      `SELECT "snapshotId" AS snapshot_id, client, "filePath" AS file_path, status FROM "SnapshotConfigFile" WHERE "snapshotId" = ANY($1::int[])`,
      [ids],
    ),
  ]);
  const latestOf = new Map(latest.map((row) => [row.machine, Number(row.id)]));
  const seen = new Set(present.map((row) => JSON.stringify([Number(row.snapshot_id), row.client, row.name])));
  const unreadable = new Set(
    files
      .filter((f) => f.status !== 'ok' && f.status !== 'not_found')
      .map((f) => JSON.stringify([Number(f.snapshot_id), f.client, f.file_path])),
  );
  return servers.map((server) => {
    const snapshotId = latestOf.get(server.machine);
    if (snapshotId === undefined) return 'unknown';
    if (seen.has(JSON.stringify([snapshotId, server.client, server.serverName]))) return 'detected';
    return unreadable.has(JSON.stringify([snapshotId, server.client, server.filePath])) ? 'unknown' : 'configured';
  });
}

/** A server name across all of an account's machines. */
export interface ServerRollup {
  /** Machines that have listed it in any snapshot. */
  machineCount: number;
  /** Machines whose latest snapshot lists it. */
  detectedMachineCount: number;
  firstSeen: Date;
  lastSeen: Date;
  snapshotCount: number;
}

/** The account-wide roll-up by server name: on how many machines, seen when, now detected where. */
export async function serverRollups(
  db: Database,
  accountId: string,
  names: readonly string[],
): Promise<Map<string, ServerRollup>> {
  const [totals, detected] = await Promise.all([
    db.sql.query<{ name: string; machines: number; first_seen: Date; last_seen: Date; snapshots: number }>(
      `SELECT s."serverName" AS name, count(DISTINCT sn.machine)::int AS machines, min(sn."takenAt") AS first_seen, max(sn."takenAt") AS last_seen,
              count(DISTINCT s."snapshotId")::int AS snapshots
       FROM "SnapshotServer" s JOIN "Snapshot" sn ON sn.id = s."snapshotId"
       WHERE sn."accountId" = $1 AND s."serverName" = ANY($2::text[]) GROUP BY 1`,
      [accountId, [...names]],
    ),
    db.sql.query<{ name: string; machines: number }>(
      `SELECT s."serverName" AS name, count(DISTINCT latest.machine)::int AS machines
       FROM (SELECT DISTINCT ON (machine) machine, id FROM "Snapshot" WHERE "accountId" = $1 ORDER BY machine, "takenAt" DESC, id DESC) latest
       JOIN "SnapshotServer" s ON s."snapshotId" = latest.id
       WHERE s."serverName" = ANY($2::text[]) GROUP BY 1`,
      [accountId, [...names]],
    ),
  ]);
  const detectedOn = new Map(detected.map((row) => [row.name, Number(row.machines)]));
  return new Map(
    totals.map((row) => [
      row.name,
      {
        machineCount: Number(row.machines),
        detectedMachineCount: detectedOn.get(row.name) ?? 0,
        firstSeen: new Date(row.first_seen),
        lastSeen: new Date(row.last_seen),
        snapshotCount: Number(row.snapshots),
      },
    ]),
  );
}
