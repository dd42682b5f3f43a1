import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestDatabase, DATABASE_KINDS, type TestDatabase } from '../helpers/databases.ts';
import { createAccount, createToken, type TestAccount } from '../helpers/fixtures.ts';
import { createGraphQLHarness } from '../helpers/graphql-harness.ts';
import { store, trafficFor } from '../helpers/traffic-data.ts';

type Deletion = { name: string; requests: number; accessTokens: number; events: number; rules: number };

describe.each(DATABASE_KINDS)('managing environments and buckets on %s', (kind) => {
  let test: TestDatabase;
  let harness: Awaited<ReturnType<typeof createGraphQLHarness>>;
  let account: TestAccount;

  beforeAll(async () => {
    test = await createTestDatabase(kind);
    harness = await createGraphQLHarness(test.db);
    account = await createAccount(test.db, 'acme', ['production'], ['orders']);
  });
  afterAll(() => test.dispose());

  it('creates, renames and deletes an environment and a bucket', async () => {
    const env = await harness.execute<{ createEnvironment: { name: string; description: string } }>(
      'mutation { createEnvironment(input: { name: "qa", description: "Test runs" }) { name description } }',
    );
    expect(env.errors).toBeUndefined();
    expect(env.data!.createEnvironment).toEqual({ name: 'qa', description: 'Test runs' });
    const renamed = await harness.execute<{ updateEnvironment: { name: string } }>(
      'mutation { updateEnvironment(input: { environment: "qa", name: "qa-2" }) { name } }',
    );
    expect(renamed.data!.updateEnvironment.name).toBe('qa-2');
    const bucket = await harness.execute<{ createBucket: { name: string } }>(
      'mutation { createBucket(input: { name: "search-api" }) { name } }',
    );
    expect(bucket.data!.createBucket.name).toBe('search-api');
    const renamedBucket = await harness.execute<{ updateBucket: { name: string; description: string } }>(
      'mutation { updateBucket(input: { bucket: "search-api", name: "search", description: "Search" }) { name description } }',
    );
    expect(renamedBucket.data!.updateBucket).toEqual({ name: 'search', description: 'Search' });
    const deletedBucket = await harness.execute<{ deleteBucket: Deletion }>(
      'mutation { deleteBucket(bucket: "search") { name requests accessTokens events rules } }',
    );
    expect(deletedBucket.data!.deleteBucket).toEqual({
      name: 'search',
      requests: 0,
      accessTokens: 0,
      events: 0,
      rules: 0,
    });
    const deletedEnv = await harness.execute<{ deleteEnvironment: Deletion }>(
      'mutation { deleteEnvironment(environment: "qa-2") { name requests } }',
    );
    expect(deletedEnv.data!.deleteEnvironment).toEqual({ name: 'qa-2', requests: 0 });
    const listed = await harness.execute<{ environments: { name: string }[]; buckets: { name: string }[] }>(
      '{ environments { name } buckets { name } }',
    );
    expect(listed.data).toEqual({ environments: [{ name: 'production' }], buckets: [{ name: 'orders' }] });
  });

  it.each([
    ['', /must not be empty/],
    ['x'.repeat(65), /65 characters long; at most 64/],
    ['Prod Env', /may contain only lowercase letters, digits, '-', '_' and '.'/],
    ['-leading', /starting with a letter or digit/],
    ['production', /already exists; environment names are unique/],
  ])('refuses the environment name %j with a message naming the rule', async (name, message) => {
    const result = await harness.execute(
      'mutation($name: String!) { createEnvironment(input: { name: $name }) { id } }',
      { name },
    );
    expect(result.errors?.[0]?.extensions).toMatchObject({ code: 'BAD_USER_INPUT', argument: 'name' });
    expect(result.errors?.[0]?.message).toMatch(message);
  });

  it('refuses renaming a bucket onto a name in use', async () => {
    await harness.execute('mutation { createBucket(input: { name: "taken" }) { id } }');
    const result = await harness.execute(
      'mutation { updateBucket(input: { bucket: "taken", name: "orders" }) { id } }',
    );
    expect(result.errors?.[0]?.message).toBe('A bucket named "orders" already exists; bucket names are unique');
    await harness.execute('mutation { deleteBucket(bucket: "taken") { id } }');
  });

  it('a missing environment or bucket lists the names that exist', async () => {
    const env = await harness.execute(
      'mutation { updateEnvironment(input: { environment: "prod", name: "x" }) { id } }',
    );
    expect(env.errors?.[0]?.message).toBe('Environment "prod" not found; environments: production');
    const bucket = await harness.execute('mutation { deleteBucket(bucket: "order") { id } }');
    expect(bucket.errors?.[0]?.message).toBe('Bucket "order" not found; buckets: orders');
  });

  it('refuses to delete a bucket with traffic, tokens and rules unless asked to cascade, then removes them', async () => {
    const created = await harness.execute<{ createBucket: { id: string } }>(
      'mutation { createBucket(input: { name: "doomed" }) { id } }',
    );
    const bucketId = created.data!.createBucket.id;
    const scoped = { ...account, buckets: { doomed: bucketId } };
    await store(test.db, trafficFor(scoped, { seed: 3, requests: 40, days: 1, until: new Date() }));
    const token = await createToken(test.db, scoped, { environment: 'production', buckets: ['doomed'] });
    await harness.execute(
      'mutation { createRedactionRule(input: { name: "only doomed", target: header, selector: "x-key", buckets: ["doomed"] }) { id } }',
    );

    const refused = await harness.execute('mutation { deleteBucket(bucket: "doomed") { id } }');
    expect(refused.errors?.[0]?.extensions).toMatchObject({ code: 'BAD_USER_INPUT', argument: 'cascade' });
    expect(refused.errors?.[0]?.message).toBe(
      'Bucket "doomed" still has 40 requests, 1 access token and 1 rule limited to it alone; delete with cascade to remove them too',
    );
    expect(await test.db.prisma.request.count({ where: { bucketId } })).toBe(40);
    expect(await test.db.prisma.routeRollup.count({ where: { bucketId } })).toBeGreaterThan(0);

    const deleted = await harness.execute<{ deleteBucket: Deletion }>(
      'mutation { deleteBucket(bucket: "doomed", cascade: true) { name requests accessTokens events rules } }',
    );
    expect(deleted.data!.deleteBucket).toEqual({ name: 'doomed', requests: 40, accessTokens: 1, events: 0, rules: 1 });
    expect(await test.db.prisma.request.count({ where: { bucketId } })).toBe(0);
    expect(await test.db.prisma.requestRollup.count({ where: { bucketId } })).toBe(0);
    // All-bucket reads sum every bucket's route rows of the environment, so a deleted bucket's must go.
    expect(await test.db.prisma.routeRollup.count({ where: { bucketId } })).toBe(0);
    expect(await test.db.prisma.redactionRule.count({ where: { name: 'only doomed' } })).toBe(0);
    const afterwards = await harness.execute('{ viewer { name } }', {}, token.secret);
    expect(afterwards.errors?.[0]?.extensions?.code).toBe('UNAUTHENTICATED');
  });

  it('refuses to delete an environment with requests and tokens unless asked to cascade', async () => {
    await harness.execute('mutation { createEnvironment(input: { name: "staging" }) { id } }');
    const env = await test.db.prisma.environment.findFirstOrThrow({
      where: { accountId: account.accountId, name: 'staging' },
    });
    const withStaging = { ...account, environments: { staging: env.id } };
    await store(test.db, trafficFor(withStaging, { seed: 4, requests: 25, days: 1, until: new Date() }));
    await createToken(test.db, withStaging, { environment: 'staging' });
    expect(await test.db.prisma.routeRollup.count({ where: { environmentId: env.id } })).toBeGreaterThan(0);
    const refused = await harness.execute('mutation { deleteEnvironment(environment: "staging") { id } }');
    expect(refused.errors?.[0]?.message).toBe(
      'Environment "staging" still has 25 requests and 1 access token; delete with cascade to remove them too',
    );
    const deleted = await harness.execute<{ deleteEnvironment: Deletion }>(
      'mutation { deleteEnvironment(environment: "staging", cascade: true) { requests accessTokens } }',
    );
    expect(deleted.data!.deleteEnvironment).toEqual({ requests: 25, accessTokens: 1 });
    expect(await test.db.prisma.request.count({ where: { environmentId: env.id } })).toBe(0);
    expect(await test.db.prisma.accessToken.count({ where: { environmentId: env.id } })).toBe(0);
    expect(await test.db.prisma.routeRollup.count({ where: { environmentId: env.id } })).toBe(0);
  });

  it('an admin-scope access token may rename its own environment but not create or delete environments', async () => {
    const token = await createToken(test.db, account, { environment: 'production', buckets: 'all', scopes: ['admin'] });
    const created = await harness.execute(
      'mutation { createEnvironment(input: { name: "sneaky" }) { id } }',
      {},
      token.secret,
    );
    expect(created.errors?.[0]?.extensions?.code).toBe('FORBIDDEN');
    expect(created.errors?.[0]?.message).toMatch(/Only the server admin token may create environments/);
    const deleted = await harness.execute(
      'mutation { deleteEnvironment(environment: "production") { id } }',
      {},
      token.secret,
    );
    expect(deleted.errors?.[0]?.extensions?.code).toBe('FORBIDDEN');
    const renamed = await harness.execute<{ updateEnvironment: { description: string } }>(
      'mutation { updateEnvironment(input: { environment: "production", description: "Live" }) { description } }',
      {},
      token.secret,
    );
    expect(renamed.data!.updateEnvironment.description).toBe('Live');
  });

  it('an admin-scope access token manages buckets only when it has all buckets', async () => {
    const all = await createToken(test.db, account, { environment: 'production', buckets: 'all', scopes: ['admin'] });
    const some = await createToken(test.db, account, {
      environment: 'production',
      buckets: ['orders'],
      scopes: ['admin'],
    });
    const allowed = await harness.execute<{ createBucket: { name: string } }>(
      'mutation { createBucket(input: { name: "from-token" }) { name } }',
      {},
      all.secret,
    );
    expect(allowed.data!.createBucket.name).toBe('from-token');
    const refused = await harness.execute(
      'mutation { createBucket(input: { name: "limited" }) { name } }',
      {},
      some.secret,
    );
    expect(refused.errors?.[0]?.extensions?.code).toBe('FORBIDDEN');
    expect(refused.errors?.[0]?.message).toMatch(/all buckets/);
  });

  it('needs the admin scope', async () => {
    const token = await createToken(test.db, account, {
      environment: 'production',
      buckets: 'all',
      scopes: ['config:read'],
    });
    const result = await harness.execute('mutation { createBucket(input: { name: "nope" }) { id } }', {}, token.secret);
    expect(result.errors?.[0]?.extensions?.code).toBe('FORBIDDEN');
  });
});
