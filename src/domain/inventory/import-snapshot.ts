import type { Database } from '../../db/database.ts';
import { buildSnapshot, type CollectedSnapshot } from './scanner/scan-machine.ts';
import { fingerprintSalt } from './fingerprint-salt.ts';
import { storeSnapshot } from './store-snapshot.ts';

/** Parses what a machine collected, sanitizes every server and stores the snapshot. */
export async function importSnapshot(db: Database, accountId: string, collected: CollectedSnapshot) {
  const snapshot = buildSnapshot(collected);
  const stored = await storeSnapshot(db, accountId, snapshot, await fingerprintSalt(db));
  return { ...stored, files: snapshot.files.map((f) => ({ client: f.client, fileName: f.fileName, status: f.status, error: f.error, serverCount: f.servers.length })) };
}
