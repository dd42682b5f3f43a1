import type { Principal } from './principal.ts';

/**
 * The rows a caller may see, applied to every query in the data layer. `null` means no limit.
 * Anything outside reads as "not found", never "forbidden", so ids of other tenants leak nothing.
 */
export interface DataAccess {
  accountId: string | null;
  environmentId: string | null;
  bucketIds: string[] | null;
  /** A token's own environment, known from authentication; null for callers not tied to one. */
  ownEnvironment: { id: string; accountId: string; name: string } | null;
}

export function dataAccessFor(principal: Principal): DataAccess {
  if (principal.kind === 'admin' || principal.kind === 'local')
    return { accountId: null, environmentId: null, bucketIds: null, ownEnvironment: null };
  if (principal.kind === 'token') {
    return {
      accountId: principal.accountId,
      environmentId: principal.environmentId,
      bucketIds: principal.bucketIds,
      ownEnvironment: { id: principal.environmentId, accountId: principal.accountId, name: principal.environmentName },
    };
  }
  // Anonymous callers get no rows even if a field forgot its scope check.
  return { accountId: '', environmentId: '', bucketIds: [], ownEnvironment: null };
}

const only = (value: string | null) => (value === null ? {} : { equals: value });

/** Where-clauses per model; every resolver that reads rows goes through one of these. */
export const scopedWhere = {
  environment(access: DataAccess) {
    return {
      ...(access.accountId !== null ? { accountId: access.accountId } : {}),
      ...(access.environmentId !== null ? { id: access.environmentId } : {}),
    };
  },
  bucket(access: DataAccess) {
    return {
      ...(access.accountId !== null ? { accountId: access.accountId } : {}),
      ...(access.bucketIds !== null ? { id: { in: access.bucketIds } } : {}),
    };
  },
  /** Requests and events: account, environment and bucket all apply. */
  traffic(access: DataAccess) {
    return {
      ...(access.accountId !== null ? { accountId: only(access.accountId) } : {}),
      ...(access.environmentId !== null ? { environmentId: only(access.environmentId) } : {}),
      ...(access.bucketIds !== null ? { bucketId: { in: access.bucketIds } } : {}),
    };
  },
  /**
   * A rule's per-bucket hit counts: those in the caller's environment and buckets. null: the caller sees
   * every environment and bucket, so the rule's own total (which also holds hits counted before per-bucket
   * counts existed) is its answer.
   */
  ruleHits(access: DataAccess) {
    if (access.environmentId === null && access.bucketIds === null) return null;
    return {
      ...(access.environmentId !== null ? { environmentId: access.environmentId } : {}),
      ...(access.bucketIds !== null ? { bucketId: { in: access.bucketIds } } : {}),
    };
  },
  /** Account-wide configuration (rules, snapshots). */
  account(access: DataAccess) {
    return access.accountId !== null ? { accountId: access.accountId } : {};
  },
};
