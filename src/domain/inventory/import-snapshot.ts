import type { Database } from '../../db/database.ts';
import { fingerprintSalt } from './fingerprint-salt.ts';
import type { ScannedSnapshot } from './scanned-snapshot.ts';
import { storeSnapshot } from './store-snapshot.ts';

/** Stores what a machine's scanner parsed and redacted (redacting it once more) and reports per file. */
export async function importSnapshot(db: Database, accountId: string, snapshot: ScannedSnapshot) {
  const stored = await storeSnapshot(db, accountId, snapshot, await fingerprintSalt(db));
  return {
    ...stored,
    files: snapshot.files.map((f) => ({
      client: f.client,
      fileName: f.fileName,
      status: f.status,
      error: f.error,
      serverCount: f.servers.length,
    })),
  };
}
