import type { Database } from '../../db/database.ts';

export interface InventoryStats {
  totalServers: number;
  totalConfigurations: number;
  serversBySnapshot: { snapshotId: number; label: string; takenAt: Date; count: number }[];
  mostCommonServers: { serverName: string; count: number }[];
  configFileLocations: string[];
}

/** The seed's /stats, for one account (or every account for an admin). */
export async function inventoryStats(db: Database, accountId: string | null): Promise<InventoryStats> {
  const account = accountId === null ? 'TRUE' : 'sn."accountId" = $1';
  const params = accountId === null ? [] : [accountId];
  const [totals, bySnapshot, common, locations] = await Promise.all([
    db.sql.query<{ servers: number; configs: number }>(
      `SELECT count(DISTINCT s."serverName")::int AS servers, count(*)::int AS configs
       FROM "SnapshotServer" s JOIN "Snapshot" sn ON sn.id = s."snapshotId" WHERE ${account}`,
      params,
    ),
    db.sql.query<{ id: number; label: string | null; taken_at: Date; n: number }>(
      `SELECT sn.id, sn.label, sn."takenAt" AS taken_at, count(s.id)::int AS n
       FROM "Snapshot" sn LEFT JOIN "SnapshotServer" s ON s."snapshotId" = sn.id WHERE ${account}
       GROUP BY sn.id ORDER BY sn."takenAt", sn.id`,
      params,
    ),
    db.sql.query<{ name: string; n: number }>(
      `SELECT s."serverName" AS name, count(*)::int AS n FROM "SnapshotServer" s JOIN "Snapshot" sn ON sn.id = s."snapshotId"
       WHERE ${account} GROUP BY 1 ORDER BY 2 DESC, 1 LIMIT 10`,
      params,
    ),
    db.sql.query<{ file_name: string }>(
      `SELECT DISTINCT cf."filePath" AS file_name FROM "SnapshotConfigFile" cf JOIN "Snapshot" sn ON sn.id = cf."snapshotId"
       WHERE ${account} AND cf."serverCount" > 0 ORDER BY 1`,
      params,
    ),
  ]);
  return {
    totalServers: Number(totals[0]?.servers ?? 0),
    totalConfigurations: Number(totals[0]?.configs ?? 0),
    serversBySnapshot: bySnapshot.map((row) => ({
      snapshotId: Number(row.id),
      label: row.label ?? `Snapshot ${row.id}`,
      takenAt: new Date(row.taken_at),
      count: Number(row.n),
    })),
    mostCommonServers: common.map((row) => ({ serverName: row.name, count: Number(row.n) })),
    configFileLocations: locations.map((row) => row.file_name),
  };
}
