import type { Database } from '../db/database.ts';
import { UnauthenticatedError } from '../errors.ts';
import type { Principal } from './principal.ts';
import type { RequestCredential } from './request-authentication.ts';
import { isScope } from './scopes.ts';
import { constantTimeEqualHex, generateTokenSecret, hashTokenSecret } from './token-secret.ts';

const ADMIN_HASH_KEY = 'admin_token_sha256';
// lastUsedAt is informative; writing it on every call would turn each read into a write.
const LAST_USED_WRITE_INTERVAL_MS = 60_000;

interface TokenRow extends Record<string, unknown> {
  id: string;
  name: string;
  accountId: string;
  environmentId: string;
  environmentName: string;
  allBuckets: boolean;
  scopes: string[];
  revokedAt: Date | string | null;
  expiresAt: Date | string | null;
  bucketIds: string[];
}

const TOKEN_SELECT = `SELECT t.id, t.name, t."accountId", t."environmentId", e.name AS "environmentName", t."allBuckets", t.scopes::text[] AS scopes,
       t."revokedAt", t."expiresAt", coalesce(array_agg(b."B") FILTER (WHERE b."B" IS NOT NULL), '{}') AS "bucketIds"
  FROM "AccessToken" t
  JOIN "Environment" e ON e.id = t."environmentId"
  LEFT JOIN "_AccessTokenBuckets" b ON b."A" = t.id`;

export class Authenticator {
  private readonly lastUsedWrites = new Map<string, number>();

  private constructor(
    private readonly db: Database,
    private readonly adminHash: string,
  ) {}

  /**
   * ADMIN_TOKEN wins when set. Otherwise the hash stored by the first start is used, so every instance on
   * one database accepts the same admin token; `createdAdminToken` is the secret when this call made it.
   */
  static async create(db: Database, adminToken: string | undefined) {
    if (adminToken)
      return { authenticator: new Authenticator(db, hashTokenSecret(adminToken)), createdAdminToken: null };
    const stored = await db.prisma.serverSetting.findUnique({ where: { key: ADMIN_HASH_KEY } });
    if (stored) return { authenticator: new Authenticator(db, stored.value), createdAdminToken: null };
    const secret = generateTokenSecret('admin');
    const hash = hashTokenSecret(secret);
    // Two instances starting at once on an empty database: the first write wins, the other adopts it.
    await db.sql.query(
      `INSERT INTO "ServerSetting" (key, value, "updatedAt") VALUES ($1, $2, now()) ON CONFLICT (key) DO NOTHING`,
      [ADMIN_HASH_KEY, hash],
    );
    const winner = await db.prisma.serverSetting.findUniqueOrThrow({ where: { key: ADMIN_HASH_KEY } });
    return {
      authenticator: new Authenticator(db, winner.value),
      createdAdminToken: winner.value === hash ? secret : null,
    };
  }

  /**
   * Resolves a bearer token, parsed and hashed by the caller (readCredential); a present but invalid, revoked
   * or expired token is an error, not anonymous. `oauthAudience` is the resource (RFC 8707) the caller
   * serves: OAuth access tokens are accepted only there and only when bound to it, so a token issued for
   * /mcp opens nothing else.
   */
  async authenticate(
    bearer: RequestCredential['bearer'],
    options: { oauthAudience?: string } = {},
  ): Promise<Principal> {
    if (bearer === null) return { kind: 'anonymous' };
    const { secret, hash } = bearer;
    // ADMIN_TOKEN may be any string, so it is checked before telling token kinds apart by prefix.
    if (constantTimeEqualHex(hash, this.adminHash)) return { kind: 'admin', name: 'admin' };
    if (bearer.isStatic) {
      // One statement on every authenticated request: the token, its environment's name and its buckets.
      const [token] = await this.db.sql.query<TokenRow>(
        `${TOKEN_SELECT} WHERE t."secretHash" = $1 GROUP BY t.id, e.name`,
        [hash],
      );
      return this.principalOf(token);
    }
    if (options.oauthAudience === undefined)
      throw new UnauthenticatedError('The bearer token is invalid, revoked or expired');
    // An OAuth access token (oidc-provider's opaque token, stored by its id) and the token row its grant became.
    const [token] = await this.db.sql.query<TokenRow>(
      `${TOKEN_SELECT}
         JOIN "OAuthPayload" p ON p.kind = 'AccessToken' AND p."grantId" = t."oauthGrantId"
        WHERE p.id = $1 AND p."expiresAt" > now() AND p.payload->>'aud' = $2
        GROUP BY t.id, e.name`,
      [secret, options.oauthAudience],
    );
    return this.principalOf(token);
  }

  private principalOf(token: TokenRow | undefined): Principal {
    const now = new Date();
    if (!token || token.revokedAt !== null || (token.expiresAt !== null && new Date(token.expiresAt) <= now)) {
      throw new UnauthenticatedError('The bearer token is invalid, revoked or expired');
    }
    this.noteUse(token.id, now);
    return {
      kind: 'token',
      tokenId: token.id,
      name: token.name,
      accountId: token.accountId,
      environmentId: token.environmentId,
      environmentName: token.environmentName,
      bucketIds: token.allBuckets ? null : token.bucketIds,
      scopes: token.scopes.filter(isScope),
    };
  }

  private noteUse(tokenId: string, now: Date) {
    const last = this.lastUsedWrites.get(tokenId) ?? 0;
    if (now.getTime() - last < LAST_USED_WRITE_INTERVAL_MS) return;
    this.lastUsedWrites.set(tokenId, now.getTime());
    void this.db.prisma.accessToken.update({ where: { id: tokenId }, data: { lastUsedAt: now } }).catch(() => {});
  }
}
