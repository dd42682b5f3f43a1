import type { Database } from '../../db/database.ts';
import type { Prisma } from '../../generated/prisma/client.ts';
import { NotFoundError, UserInputError } from '../../errors.ts';
import type { Scope } from '../../auth/scopes.ts';
import { revokeOAuthGrant } from './oauth-grants.ts';
import { generateTokenSecret, hashTokenSecret, tokenDisplayPrefix } from '../../auth/token-secret.ts';

export interface NewAccessToken {
  accountId: string;
  environmentId: string;
  name: string;
  /** null: every bucket of the account, now and later. */
  bucketIds: string[] | null;
  scopes: Scope[];
  expiresAt: Date | null;
  createdBy: string;
}

/** Creates a token; the returned secret exists nowhere else and is shown once. */
export async function createAccessToken(db: Database, input: NewAccessToken) {
  if (input.name.trim() === '') throw new UserInputError('name must not be empty', 'name');
  if (input.scopes.length === 0) throw new UserInputError('at least one scope is required', 'scopes');
  if (input.bucketIds !== null && input.bucketIds.length === 0) {
    throw new UserInputError('name at least one bucket, or grant all buckets', 'buckets');
  }
  if (input.expiresAt !== null && input.expiresAt <= new Date())
    throw new UserInputError('expiresAt must be in the future', 'expiresAt');
  const secret = generateTokenSecret('access');
  const token = await db.prisma.accessToken.create({
    data: {
      accountId: input.accountId,
      environmentId: input.environmentId,
      name: input.name.trim(),
      prefix: tokenDisplayPrefix(secret),
      secretHash: hashTokenSecret(secret),
      scopes: input.scopes,
      allBuckets: input.bucketIds === null,
      buckets: input.bucketIds === null ? undefined : { connect: input.bucketIds.map((id) => ({ id })) },
      expiresAt: input.expiresAt,
      createdBy: input.createdBy,
    },
  });
  return { token, secret };
}

/** Revokes a token within `reach` (the tokens the caller may manage); anything outside reads as unknown. */
export async function revokeAccessToken(db: Database, id: string, reach: Prisma.AccessTokenWhereInput) {
  const token = await db.prisma.accessToken.findFirst({ where: { ...reach, id } });
  if (!token) throw new NotFoundError(`Access token "${id}"`);
  if (token.revokedAt) return token;
  const revoked = await db.prisma.accessToken.update({ where: { id }, data: { revokedAt: new Date() } });
  // A token an OAuth consent created: its refresh tokens must not mint new access either.
  if (token.oauthGrantId) await revokeOAuthGrant(db, token.oauthGrantId);
  return revoked;
}

export type AccessTokenStatus = 'active' | 'revoked' | 'expired';

export function accessTokenStatus(
  token: { revokedAt: Date | null; expiresAt: Date | null },
  now = new Date(),
): AccessTokenStatus {
  if (token.revokedAt) return 'revoked';
  if (token.expiresAt && token.expiresAt <= now) return 'expired';
  return 'active';
}
