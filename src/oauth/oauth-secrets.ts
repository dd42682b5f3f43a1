import { generateKeyPairSync, randomBytes } from 'node:crypto';
import type { JWK } from 'oidc-provider';
import type { Database } from '../db/database.ts';

const SIGNING_KEY = 'oauth_signing_jwk';
const COOKIE_KEY = 'oauth_cookie_key';

/** Stores `value` under `key` unless another instance did first, and returns whichever won. */
async function sharedSetting(db: Database, key: string, create: () => string): Promise<string> {
  const existing = await db.prisma.serverSetting.findUnique({ where: { key } });
  if (existing) return existing.value;
  await db.sql.query(
    `INSERT INTO "ServerSetting" (key, value, "updatedAt") VALUES ($1, $2, now()) ON CONFLICT (key) DO NOTHING`,
    [key, create()],
  );
  return (await db.prisma.serverSetting.findUniqueOrThrow({ where: { key } })).value;
}

/**
 * The authorization server's signing key and cookie key, made on first start and kept in the database so
 * that every instance signs and verifies alike: a consent begun on one instance can end on another.
 */
export async function loadOAuthSecrets(db: Database): Promise<{ signingKey: JWK; cookieKey: string }> {
  const jwk = await sharedSetting(db, SIGNING_KEY, () => {
    const key = generateKeyPairSync('ec', { namedCurve: 'P-256' }).privateKey.export({ format: 'jwk' });
    return JSON.stringify({ ...key, alg: 'ES256', use: 'sig', kid: randomBytes(8).toString('hex') });
  });
  const cookieKey = await sharedSetting(db, COOKIE_KEY, () => randomBytes(32).toString('base64url'));
  return { signingKey: JSON.parse(jwk) as JWK, cookieKey };
}
