import { randomBytes } from 'node:crypto';
import type { Database } from '../../db/database.ts';

const KEY = 'fingerprint_salt';

/** A per-installation secret so fingerprints of redacted values cannot be brute-forced from a database dump alone. */
export async function fingerprintSalt(db: Database): Promise<string> {
  await db.sql.query(
    `INSERT INTO "ServerSetting" (key, value, "updatedAt") VALUES ($1, $2, now()) ON CONFLICT (key) DO NOTHING`,
    [KEY, randomBytes(24).toString('hex')],
  );
  return (await db.prisma.serverSetting.findUniqueOrThrow({ where: { key: KEY } })).value;
}
