import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestDatabase, DATABASE_KINDS, type TestDatabase } from '../helpers/databases.ts';
import { createAccount, createToken, type TestAccount } from '../helpers/fixtures.ts';
import { createGraphQLHarness } from '../helpers/graphql-harness.ts';

describe.each(DATABASE_KINDS)('tokens, scopes and environment limits on %s', (kind) => {
  let test: TestDatabase;
  let harness: Awaited<ReturnType<typeof createGraphQLHarness>>;
  let acme: TestAccount;
  let other: TestAccount;

  beforeAll(async () => {
    test = await createTestDatabase(kind);
    harness = await createGraphQLHarness(test.db);
    acme = await createAccount(test.db, 'acme');
    other = await createAccount(test.db, 'other', ['production'], ['secret-bucket']);
  });
  afterAll(() => test.dispose());

  it('a token sees only its own environment and its buckets', async () => {
    const token = await createToken(test.db, acme, { environment: 'staging', buckets: ['orders'] });
    const result = await harness.execute<{ environments: { name: string }[]; buckets: { name: string }[] }>(
      '{ environments { name } buckets { name } }',
      {},
      token.secret,
    );
    expect(result.errors).toBeUndefined();
    expect(result.data).toEqual({ environments: [{ name: 'staging' }], buckets: [{ name: 'orders' }] });
  });

  it('an all-buckets token sees every bucket of its account and none of another account', async () => {
    const token = await createToken(test.db, acme, { environment: 'production', buckets: 'all' });
    const result = await harness.execute<{ buckets: { name: string }[] }>('{ buckets { name } }', {}, token.secret);
    expect(result.data?.buckets.map((b) => b.name)).toEqual(['billing', 'orders']);
  });

  it('an admin sees every environment of every account', async () => {
    const result = await harness.execute<{ environments: { name: string }[] }>('{ environments { name } }');
    expect(result.data?.environments).toHaveLength(3);
    expect(other.accountId).toBeTruthy();
  });

  it('a field needing a scope the token lacks answers FORBIDDEN naming the scope', async () => {
    const token = await createToken(test.db, acme, { environment: 'production', scopes: ['traffic:read'] });
    const result = await harness.execute('{ environments { name } }', {}, token.secret);
    expect(result.errors?.[0]?.extensions?.code).toBe('FORBIDDEN');
    expect(result.errors?.[0]?.message).toContain('config:read');
  });

  it('no token reads nothing that needs a scope, and says a token is required', async () => {
    const result = await harness.execute('{ buckets { name } }', {}, null);
    expect(result.errors?.[0]?.extensions?.code).toBe('UNAUTHENTICATED');
    expect(result.data).toBeNull();
  });

  it('a revoked token is refused on its very next call with 401', async () => {
    const token = await createToken(test.db, acme, { environment: 'production' });
    expect((await harness.execute('{ viewer { kind } }', {}, token.secret)).status).toBe(200);
    const revoked = await harness.execute<{ revokeAccessToken: { status: string } }>(
      'mutation($id: ID!) { revokeAccessToken(id: $id) { status } }',
      { id: token.id },
    );
    expect(revoked.data?.revokeAccessToken.status).toBe('revoked');
    const after = await harness.execute('{ viewer { kind } }', {}, token.secret);
    expect(after.status).toBe(401);
    expect(after.errors?.[0]?.extensions?.code).toBe('UNAUTHENTICATED');
  });

  it('an expired token is refused', async () => {
    const token = await createToken(test.db, acme, { environment: 'production' });
    await test.db.prisma.accessToken.update({
      where: { id: token.id },
      data: { expiresAt: new Date(Date.now() - 1000) },
    });
    expect((await harness.execute('{ viewer { kind } }', {}, token.secret)).status).toBe(401);
  });

  it('createAccessToken returns the secret once and stores only its hash', async () => {
    const result = await harness.execute<{
      createAccessToken: { secret: string; token: { id: string; prefix: string; scopes: string[] } };
    }>(
      `mutation { createAccessToken(input: { name: "assistant", environment: "${acme.environments.production}", buckets: ["orders"], expiresIn: "30d" }) {
        secret token { id prefix scopes } } }`,
    );
    expect(result.errors).toBeUndefined();
    const created = result.data!.createAccessToken;
    expect(created.secret).toMatch(/^tgp_[A-Za-z0-9]{32}$/);
    expect(created.secret.startsWith(created.token.prefix)).toBe(true);
    expect(created.token.scopes).toEqual(['TRAFFIC_READ', 'EVENTS_READ', 'EVENTS_WRITE', 'CONFIG_READ']);
    const stored = await test.db.prisma.accessToken.findUniqueOrThrow({ where: { id: created.token.id } });
    expect(JSON.stringify(stored)).not.toContain(created.secret);
    const viewer = await harness.execute<{ viewer: { name: string } }>('{ viewer { name } }', {}, created.secret);
    expect(viewer.data?.viewer.name).toBe('assistant');
  });

  it('createAccessToken refuses a bad duration, naming the argument', async () => {
    const result = await harness.execute(
      `mutation { createAccessToken(input: { name: "x", environment: "${acme.environments.production}", allBuckets: true, expiresIn: "soon" }) { secret } }`,
    );
    expect(result.errors?.[0]?.extensions).toMatchObject({ code: 'BAD_USER_INPUT', argument: 'expiresIn' });
  });

  it('a token with admin scope cannot revoke tokens of another account (reads as not found)', async () => {
    const foreign = await createToken(test.db, other, { environment: 'production' });
    const admin = await createToken(test.db, acme, { environment: 'production', scopes: ['admin'] });
    const result = await harness.execute(
      'mutation($id: ID!) { revokeAccessToken(id: $id) { id } }',
      { id: foreign.id },
      admin.secret,
    );
    expect(result.errors?.[0]?.extensions?.code).toBe('NOT_FOUND');
  });
});
