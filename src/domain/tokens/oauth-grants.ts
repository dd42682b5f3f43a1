import type { Database } from '../../db/database.ts';

/**
 * Ends an OAuth grant everywhere: its codes, access and refresh tokens and the grant itself are deleted,
 * and the trafficgraph access token it became is revoked, so the next call with any of them fails on
 * every instance. oidc-provider calls this on a replayed refresh token or code and on revocation.
 */
export async function revokeOAuthGrant(db: Database, grantId: string): Promise<void> {
  await db.sql.transaction(async (tx) => {
    await tx.query(`DELETE FROM "OAuthPayload" WHERE "grantId" = $1 OR (kind = 'Grant' AND id = $1)`, [grantId]);
    await tx.query(`UPDATE "AccessToken" SET "revokedAt" = now() WHERE "oauthGrantId" = $1 AND "revokedAt" IS NULL`, [
      grantId,
    ]);
  });
}

/** Marks a token created on the consent page as the one an OAuth grant resolves to. */
export async function linkTokenToOAuthGrant(
  db: Database,
  tokenId: string,
  grant: { clientId: string; grantId: string },
): Promise<void> {
  await db.prisma.accessToken.update({
    where: { id: tokenId },
    data: { oauthClientId: grant.clientId, oauthGrantId: grant.grantId },
  });
}
