import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { connectStreamable, startTestApp } from '../helpers/app-server.ts';
import { createAccount, createToken, type TestAccount } from '../helpers/fixtures.ts';
import { postGraphQL } from '../helpers/server-process.ts';

describe('a bucket-limited token reading rules shared with other buckets', () => {
  let app: Awaited<ReturnType<typeof startTestApp>>;
  let account: TestAccount;
  let ordersOnly: string;

  beforeAll(async () => {
    app = await startTestApp();
    account = await createAccount(app.db, 'shared', ['production'], ['orders', 'payments-api']);
    const both = { connect: [{ id: account.buckets.orders! }, { id: account.buckets['payments-api']! }] };
    await app.db.prisma.redactionRule.create({
      data: { accountId: account.accountId, name: 'shared mask', target: 'header', selector: 'x-card', buckets: both },
    });
    await app.db.prisma.exclusionRule.create({
      data: { accountId: account.accountId, name: 'shared drop', pathPattern: '/health', buckets: both },
    });
    ordersOnly = (await createToken(app.db, account, { environment: 'production', buckets: ['orders'] })).secret;
  });
  afterAll(() => app.dispose());

  it('sees only its own buckets over GraphQL', async () => {
    const result = await postGraphQL<{
      redactionRules: { buckets: { id: string; name: string }[] }[];
      exclusionRules: { buckets: { id: string; name: string }[] }[];
    }>(app.url, ordersOnly, '{ redactionRules { buckets { id name } } exclusionRules { buckets { id name } } }');
    expect(result.body.errors).toBeUndefined();
    const own = [{ id: account.buckets.orders, name: 'orders' }];
    expect(result.body.data?.redactionRules.map((r) => r.buckets)).toEqual([own]);
    expect(result.body.data?.exclusionRules.map((r) => r.buckets)).toEqual([own]);
  });

  it('sees only its own buckets in list_redactions and list_exclusions', async () => {
    const { client } = await connectStreamable(app.url, ordersOnly);
    for (const name of ['list_redactions', 'list_exclusions']) {
      const result = await client.callTool({ name, arguments: {} });
      const text = JSON.stringify(result);
      expect(text).toContain('orders');
      expect(text).not.toContain('payments-api');
      expect(text).not.toContain(account.buckets['payments-api']);
    }
    await client.close();
  });
});
