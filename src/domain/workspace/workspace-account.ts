import type { Database } from '../../db/database.ts';

/**
 * A self-hosted install is one tenant: the first start of an empty database creates its one account, so
 * environments, buckets and tokens have somewhere to live without a sign-up step.
 */
export const WORKSPACE_ACCOUNT = 'default';

/** Creates the account when the database holds none; true when this call made it (one of several instances). */
export async function ensureWorkspaceAccount(db: Database): Promise<boolean> {
  if ((await db.prisma.account.count()) > 0) return false;
  const { count } = await db.prisma.account.createMany({ data: [{ name: WORKSPACE_ACCOUNT }], skipDuplicates: true });
  return count === 1;
}

/** The workspace account while it is still empty (no environment, bucket or snapshot): the demo may take it over. */
export async function emptyWorkspaceAccount(db: Database): Promise<{ id: string } | null> {
  const accounts = await db.prisma.account.findMany({
    take: 2,
    select: {
      id: true,
      _count: { select: { environments: true, buckets: true, snapshots: true, accessTokens: true } },
    },
  });
  if (accounts.length !== 1) return null;
  const [only] = accounts;
  const used = Object.values(only!._count).some((count) => count > 0);
  return used ? null : { id: only!.id };
}
