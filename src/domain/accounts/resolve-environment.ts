import type { DataAccess } from '../../auth/data-access.ts';
import type { Database } from '../../db/database.ts';
import { NotFoundError, UserInputError } from '../../errors.ts';

export interface EnvironmentRef {
  id: string;
  accountId: string;
  name: string;
}

/**
 * The environment an operation acts on. A token has exactly one and may only name that one; an admin
 * names one by id or name (`production`), resolved in the only account or the one given.
 */
export async function resolveEnvironment(
  db: Database,
  access: DataAccess,
  reference: string | null | undefined,
): Promise<EnvironmentRef> {
  if (access.environmentId !== null) {
    const own =
      access.ownEnvironment ?? (await db.prisma.environment.findUniqueOrThrow({ where: { id: access.environmentId } }));
    if (reference && reference !== own.id && reference !== own.name) {
      throw new NotFoundError(`Environment "${reference}"`, { noun: 'environments', names: [own.name] });
    }
    return own;
  }
  if (!reference) {
    throw new UserInputError(
      'environment is required for admin tokens (an environment name such as "production", or its id)',
      'environment',
    );
  }
  const matches = await db.prisma.environment.findMany({
    where: {
      OR: [{ id: reference }, { name: reference }],
      ...(access.accountId ? { accountId: access.accountId } : {}),
    },
    take: 2,
  });
  if (matches.length === 0)
    throw new NotFoundError(`Environment "${reference}"`, {
      noun: 'environments',
      names: await environmentNames(db, access),
    });
  if (matches.length > 1)
    throw new UserInputError(`Environment name "${reference}" exists in several accounts; pass its id`, 'environment');
  return matches[0]!;
}

/** Names of the environments an admin caller could have named (several accounts: each name once). */
async function environmentNames(db: Database, access: DataAccess): Promise<string[]> {
  const rows = await db.prisma.environment.findMany({
    where: access.accountId ? { accountId: access.accountId } : {},
    select: { name: true },
    orderBy: { createdAt: 'asc' },
  });
  return [...new Set(rows.map((row) => row.name))];
}

/** Bucket ids for names or ids, limited to the account and to what the caller may see. */
export async function resolveBuckets(
  db: Database,
  access: DataAccess,
  accountId: string,
  references: readonly string[],
): Promise<string[]> {
  if (references.length === 0) return [];
  const found = await db.prisma.bucket.findMany({
    where: {
      accountId,
      OR: [{ id: { in: [...references] } }, { name: { in: [...references] } }],
      ...(access.bucketIds !== null ? { id: { in: access.bucketIds } } : {}),
    },
    select: { id: true, name: true },
  });
  const missing = references.filter((ref) => !found.some((bucket) => bucket.id === ref || bucket.name === ref));
  if (missing.length > 0) {
    const visible = await db.prisma.bucket.findMany({
      where: { accountId, ...(access.bucketIds !== null ? { id: { in: access.bucketIds } } : {}) },
      select: { name: true },
      orderBy: { name: 'asc' },
    });
    throw new NotFoundError(`Bucket ${missing.map((m) => `"${m}"`).join(', ')}`, {
      noun: 'buckets',
      names: visible.map((bucket) => bucket.name),
    });
  }
  return found.map((bucket) => bucket.id);
}
