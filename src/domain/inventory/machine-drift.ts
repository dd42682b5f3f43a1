import type { Database } from '../../db/database.ts';
import { driftBetween, unreadableKey, type DriftServer, type ServerDrift } from './server-drift.ts';

/** What changed on one machine from one of its snapshots to the next. */
export interface SnapshotDrift {
  machine: string;
  hostname: string | null;
  fromSnapshotId: number;
  toSnapshotId: number;
  fromTakenAt: Date;
  toTakenAt: Date;
  servers: ServerDrift[];
}

export interface DriftOptions {
  /** One machine's drift only. */
  machine?: string | null;
  /** How many of each machine's latest snapshots to compare (so at most this many minus one steps each). */
  snapshots: number;
}

const strings = (value: unknown): string[] => (Array.isArray(value) ? value.map(String) : []);
const stringMap = (value: unknown): Record<string, string> =>
  typeof value === 'object' && value !== null && !Array.isArray(value)
    ? Object.fromEntries(Object.entries(value).map(([k, v]) => [k, String(v)]))
    : {};

/**
 * Drift between each machine's consecutive snapshots, newest step first. Machines are compared with themselves
 * only: two machines' snapshots interleaved do not make each other's servers look added or removed.
 */
export async function machineDrift(
  db: Database,
  accountId: string | null,
  options: DriftOptions,
): Promise<SnapshotDrift[]> {
  const params: unknown[] = [options.snapshots];
  const where = [
    accountId === null ? 'TRUE' : `"accountId" = $${params.push(accountId)}`,
    options.machine ? `machine = $${params.push(options.machine)}` : 'TRUE',
  ];
  const snapshots = await db.sql.query<{
    id: number;
    account_id: string;
    machine: string;
    hostname: string | null;
    taken_at: Date;
  }>(
    `SELECT id, account_id, machine, hostname, taken_at FROM (
       SELECT id, "accountId" AS account_id, machine, hostname, "takenAt" AS taken_at,
              row_number() OVER (PARTITION BY "accountId", machine ORDER BY "takenAt" DESC, id DESC) AS recency
       FROM "Snapshot" WHERE ${where.join(' AND ')}) ranked
     WHERE recency <= $1 ORDER BY account_id, machine, taken_at, id`,
    params,
  );
  const ids = snapshots.map((s) => Number(s.id));
  const [servers, files] = await Promise.all([
    db.sql.query<{
      snapshot_id: number;
      client: string;
      file_path: string;
      name: string;
      transport: string;
      command: string | null;
      args: unknown;
      url: string | null;
      env: unknown;
      headers: unknown;
      disabled: boolean;
      fingerprints: unknown;
    }>(
      `SELECT s."snapshotId" AS snapshot_id, s.client, cf."filePath" AS file_path, s."serverName" AS name, s.transport, s.command, s.args, s.url,
              s.env, s.headers, s.disabled, s."secretFingerprints" AS fingerprints
       FROM "SnapshotServer" s JOIN "SnapshotConfigFile" cf ON cf.id = s."configFileId" WHERE s."snapshotId" = ANY($1::int[])`,
      [ids],
    ),
    db.sql.query<{ snapshot_id: number; client: string; file_path: string }>(
      `SELECT "snapshotId" AS snapshot_id, client, "filePath" AS file_path FROM "SnapshotConfigFile"
       WHERE "snapshotId" = ANY($1::int[]) AND status NOT IN ('ok', 'not_found')`,
      [ids],
    ),
  ]);
  const serversOf = new Map<number, DriftServer[]>(ids.map((id) => [id, []]));
  for (const row of servers) {
    serversOf.get(Number(row.snapshot_id))!.push({
      client: row.client,
      filePath: row.file_path,
      serverName: row.name,
      transport: row.transport,
      command: row.command,
      args: strings(row.args),
      url: row.url,
      env: stringMap(row.env),
      headers: stringMap(row.headers),
      disabled: row.disabled,
      secretFingerprints: stringMap(row.fingerprints),
    });
  }
  const unreadableOf = new Map<number, Set<string>>(ids.map((id) => [id, new Set()]));
  for (const file of files) unreadableOf.get(Number(file.snapshot_id))!.add(unreadableKey(file.client, file.file_path));

  const steps: SnapshotDrift[] = [];
  for (let i = 1; i < snapshots.length; i++) {
    const from = snapshots[i - 1]!;
    const to = snapshots[i]!;
    if (from.account_id !== to.account_id || from.machine !== to.machine) continue;
    steps.push({
      machine: to.machine,
      hostname: to.hostname,
      fromSnapshotId: Number(from.id),
      toSnapshotId: Number(to.id),
      fromTakenAt: new Date(from.taken_at),
      toTakenAt: new Date(to.taken_at),
      servers: driftBetween(
        serversOf.get(Number(from.id))!,
        serversOf.get(Number(to.id))!,
        unreadableOf.get(Number(to.id))!,
      ),
    });
  }
  return steps.sort((a, b) => b.toTakenAt.getTime() - a.toTakenAt.getTime() || b.toSnapshotId - a.toSnapshotId);
}
