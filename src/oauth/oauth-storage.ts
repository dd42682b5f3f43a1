import type { Adapter, AdapterFactory, AdapterPayload } from 'oidc-provider';
import type { Database } from '../db/database.ts';
import { revokeOAuthGrant } from '../domain/tokens/oauth-grants.ts';

interface PayloadRow extends Record<string, unknown> {
  payload: AdapterPayload;
  consumedAt: Date | string | null;
}

/**
 * oidc-provider's storage in the application database (table "OAuthPayload"), so grants, codes and
 * refresh tokens are shared by every instance on one database, PGlite or PostgreSQL alike, and survive
 * restarts. Expired rows are ignored on read and swept by `sweepExpiredOAuthPayloads`.
 */
export function oauthStorage(db: Database): AdapterFactory {
  return (kind: string): Adapter => {
    const select = async (column: 'id' | 'uid' | 'userCode', value: string) => {
      const [row] = await db.sql.query<PayloadRow>(
        `SELECT payload, "consumedAt" FROM "OAuthPayload"
          WHERE kind = $1 AND "${column}" = $2 AND ("expiresAt" IS NULL OR "expiresAt" > now())
          LIMIT 1`,
        [kind, value],
      );
      if (!row) return undefined;
      // oidc-provider reads `consumed` to detect replayed codes and refresh tokens.
      return row.consumedAt === null
        ? row.payload
        : { ...row.payload, consumed: Math.floor(new Date(row.consumedAt).getTime() / 1000) };
    };
    return {
      async upsert(id, payload, expiresIn) {
        const expiresAt = typeof expiresIn === 'number' ? new Date(Date.now() + expiresIn * 1000) : null;
        await db.sql.query(
          `INSERT INTO "OAuthPayload" (kind, id, payload, "grantId", uid, "userCode", "expiresAt")
           VALUES ($1, $2, $3::jsonb, $4, $5, $6, $7)
           ON CONFLICT (kind, id) DO UPDATE
             SET payload = EXCLUDED.payload, "grantId" = EXCLUDED."grantId", uid = EXCLUDED.uid,
                 "userCode" = EXCLUDED."userCode", "expiresAt" = EXCLUDED."expiresAt"`,
          [
            kind,
            id,
            JSON.stringify(payload),
            payload.grantId ?? null,
            payload.uid ?? null,
            payload.userCode ?? null,
            expiresAt,
          ],
        );
      },
      find: (id) => select('id', id),
      findByUid: (uid) => select('uid', uid),
      findByUserCode: (userCode) => select('userCode', userCode),
      async consume(id) {
        await db.sql.query(`UPDATE "OAuthPayload" SET "consumedAt" = now() WHERE kind = $1 AND id = $2`, [kind, id]);
      },
      async destroy(id) {
        await db.sql.query(`DELETE FROM "OAuthPayload" WHERE kind = $1 AND id = $2`, [kind, id]);
      },
      async revokeByGrantId(grantId) {
        await revokeOAuthGrant(db, grantId);
      },
    };
  };
}

export async function sweepExpiredOAuthPayloads(db: Database): Promise<void> {
  await db.sql.query(`DELETE FROM "OAuthPayload" WHERE "expiresAt" < now() - interval '1 hour'`);
}
