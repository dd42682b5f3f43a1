import type { Database } from '../../db/database.ts';

export interface ServerHistory {
  firstSeen: Date;
  lastSeen: Date;
  snapshotCount: number;
  configLocations: string[];
}

/** First and last sighting, snapshot count and config file names, by server name across an account's snapshots. */
export async function serverHistories(db: Database, accountId: string, names: readonly string[]): Promise<Map<string, ServerHistory>> {
  const rows = await db.sql.query<{ name: string; first_seen: Date; last_seen: Date; snapshots: number; locations: string[] }>(
    `SELECT s."serverName" AS name, min(sn."takenAt") AS first_seen, max(sn."takenAt") AS last_seen,
            count(DISTINCT s."snapshotId")::int AS snapshots, array_agg(DISTINCT cf."fileName" ORDER BY cf."fileName") AS locations
     FROM "SnapshotServer" s
     JOIN "Snapshot" sn ON sn.id = s."snapshotId"
     JOIN "SnapshotConfigFile" cf ON cf.id = s."configFileId"
     WHERE sn."accountId" = $1 AND s."serverName" = ANY($2::text[])
     GROUP BY 1`,
    [accountId, [...names]],
  );
  return new Map(
    rows.map((row) => [
      row.name,
      { firstSeen: new Date(row.first_seen), lastSeen: new Date(row.last_seen), snapshotCount: Number(row.snapshots), configLocations: row.locations },
    ]),
  );
}

export type ServerStatus = 'detected' | 'configured' | 'unknown';

/**
 * detected: in the account's latest snapshot; configured: seen before but not in the latest;
 * unknown: the latest snapshot could not read the file this server came from, so absence proves nothing.
 */
export async function serverStatuses(
  db: Database,
  accountId: string,
  servers: readonly { serverName: string; client: string; fileName: string }[],
): Promise<ServerStatus[]> {
  const latest = await db.prisma.snapshot.findFirst({
    where: { accountId },
    orderBy: [{ takenAt: 'desc' }, { id: 'desc' }],
    select: { servers: { select: { serverName: true } }, configFiles: { select: { client: true, fileName: true, status: true } } },
  });
  if (!latest) return servers.map(() => 'unknown');
  const present = new Set(latest.servers.map((s) => s.serverName));
  return servers.map((server) => {
    if (present.has(server.serverName)) return 'detected';
    const file = latest.configFiles.find((f) => f.client === server.client && f.fileName === server.fileName && f.status !== 'not_found');
    return file && file.status !== 'ok' ? 'unknown' : 'configured';
  });
}
