import type { Prisma } from '../generated/prisma/client.ts';
import { ForbiddenError } from '../errors.ts';
import type { DataAccess } from './data-access.ts';

/**
 * What an `admin`-scope access token may manage (SECURITY.md, "What an admin-scope token may manage"):
 * never more than it holds. The server admin (no environment, no bucket limit) passes every check here.
 */

/** Tokens a caller may list, revoke or see the audit entries of: its environment, buckets it holds. */
export function manageableTokens(access: DataAccess): Prisma.AccessTokenWhereInput {
  return {
    ...(access.accountId !== null ? { accountId: access.accountId } : {}),
    ...(access.environmentId !== null ? { environmentId: access.environmentId } : {}),
    // A bucket-limited caller never manages an all-buckets token, nor one holding a bucket it lacks.
    ...(access.bucketIds !== null ? { allBuckets: false, buckets: { every: { id: { in: access.bucketIds } } } } : {}),
  };
}

/** A token it creates holds no bucket the caller lacks (bucket ids are already resolved within its reach). */
export function assertMayGrantBuckets(access: DataAccess, allBuckets: boolean): void {
  if (allBuckets && access.bucketIds !== null) {
    throw new ForbiddenError('this token is limited to some buckets: it cannot create a token for all buckets');
  }
}

/** Rules of the caller's account that apply to at least one bucket it may see (or to all buckets). */
export function visibleRules(access: DataAccess) {
  return {
    ...(access.accountId !== null ? { accountId: access.accountId } : {}),
    ...(access.bucketIds !== null
      ? { OR: [{ buckets: { none: {} } }, { buckets: { some: { id: { in: access.bucketIds } } } }] }
      : {}),
  };
}

/**
 * A visible rule may be changed only when it applies to nothing beyond the caller's buckets: a rule for
 * every bucket (none bound) or shared with a bucket the caller lacks is read-only to a bucket-limited token.
 * `ruleBucketIds` are the buckets the rule is (or would be) bound to; empty means every bucket.
 */
export function assertMayManageRule(access: DataAccess, ruleBucketIds: readonly string[], ruleName: string): void {
  if (access.bucketIds === null) return;
  const held = new Set(access.bucketIds);
  if (ruleBucketIds.length === 0) {
    throw new ForbiddenError(
      `this token is limited to some buckets: rule "${ruleName}" applies to every bucket and only an all-buckets admin may change it`,
    );
  }
  if (ruleBucketIds.some((id) => !held.has(id))) {
    throw new ForbiddenError(
      `this token is limited to some buckets: rule "${ruleName}" also applies to buckets it does not hold`,
    );
  }
}
