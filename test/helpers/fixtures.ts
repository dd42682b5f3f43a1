import type { Database } from '../../src/db/database.ts';
import { MCP_TOKEN_SCOPES, type Scope } from '../../src/auth/scopes.ts';
import { createAccessToken } from '../../src/domain/tokens/access-tokens.ts';
import { WORKSPACE_ACCOUNT } from '../../src/domain/workspace/workspace-account.ts';

export interface TestAccount {
  accountId: string;
  environments: Record<string, string>;
  buckets: Record<string, string>;
}

/**
 * An account with named environments and buckets, built in code for each test. It takes the place of the
 * empty account a server started with DEMO_DATA=false made, as a real install's one tenant would.
 */
export async function createAccount(
  db: Database,
  name: string,
  environments = ['production', 'staging'],
  buckets = ['orders', 'billing'],
): Promise<TestAccount> {
  await db.prisma.account.deleteMany({
    where: { name: WORKSPACE_ACCOUNT, environments: { none: {} }, buckets: { none: {} }, accessTokens: { none: {} } },
  });
  const account = await db.prisma.account.create({
    data: {
      name,
      environments: { create: environments.map((env) => ({ name: env })) },
      buckets: { create: buckets.map((bucket) => ({ name: bucket })) },
    },
    include: { environments: true, buckets: true },
  });
  return {
    accountId: account.id,
    environments: Object.fromEntries(account.environments.map((env) => [env.name, env.id])),
    buckets: Object.fromEntries(account.buckets.map((bucket) => [bucket.name, bucket.id])),
  };
}

export async function createToken(
  db: Database,
  account: TestAccount,
  options: {
    environment: string;
    buckets?: string[] | 'all';
    scopes?: Scope[];
    expiresAt?: Date | null;
    name?: string;
  },
): Promise<{ id: string; secret: string }> {
  const { token, secret } = await createAccessToken(db, {
    accountId: account.accountId,
    environmentId: account.environments[options.environment]!,
    name: options.name ?? 'test token',
    bucketIds: !options.buckets || options.buckets === 'all' ? null : options.buckets.map((b) => account.buckets[b]!),
    scopes: options.scopes ?? MCP_TOKEN_SCOPES,
    expiresAt: options.expiresAt ?? null,
    createdBy: 'test',
  });
  return { id: token.id, secret };
}
