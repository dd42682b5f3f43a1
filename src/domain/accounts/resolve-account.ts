import type { DataAccess } from '../../auth/data-access.ts';
import type { Database } from '../../db/database.ts';
import { NotFoundError, UserInputError } from '../../errors.ts';

/** The account an admin write goes to: a token's own, or the named one, or the only one there is. */
export async function resolveAccount(
  db: Database,
  access: DataAccess,
  name: string | null | undefined,
): Promise<string> {
  if (access.accountId !== null) return access.accountId;
  const accounts = await db.prisma.account.findMany({ where: name ? { name } : {}, take: 2, select: { id: true } });
  if (accounts.length === 0) throw new NotFoundError(`Account "${name ?? ''}"`);
  if (accounts.length > 1) throw new UserInputError('account is required: there are several accounts', 'account');
  return accounts[0]!.id;
}
