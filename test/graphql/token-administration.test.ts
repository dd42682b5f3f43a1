import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestDatabase, DATABASE_KINDS, type TestDatabase } from '../helpers/databases.ts';
import { createAccount, createToken, type TestAccount } from '../helpers/fixtures.ts';
import { createGraphQLHarness } from '../helpers/graphql-harness.ts';

// The red-team's token: admin scope, locked to production and one bucket ("orders").
describe.each(DATABASE_KINDS)(
  'an admin-scope access token manages only its own environment and buckets on %s',
  (kind) => {
    let test: TestDatabase;
    let harness: Awaited<ReturnType<typeof createGraphQLHarness>>;
    let acme: TestAccount;
    let lockedAdmin: { id: string; secret: string };

    const code = (result: { errors?: { extensions?: { code?: string } }[] | undefined }) =>
      result.errors?.[0]?.extensions?.code;
    const ruleBoundTo = (buckets: string[], name = 'rule') =>
      test.db.prisma.redactionRule.create({
        data: {
          accountId: acme.accountId,
          name,
          target: 'header',
          selector: 'x-secret',
          buckets: { connect: buckets.map((b) => ({ id: acme.buckets[b]! })) },
        },
      });

    beforeAll(async () => {
      test = await createTestDatabase(kind);
      harness = await createGraphQLHarness(test.db);
      acme = await createAccount(test.db, 'acme');
      lockedAdmin = await createToken(test.db, acme, {
        environment: 'production',
        buckets: ['orders'],
        scopes: ['admin'],
        name: 'locked admin',
      });
    });
    afterAll(() => test.dispose());

    it('cannot create an all-buckets token', async () => {
      const result = await harness.execute(
        `mutation { createAccessToken(input: { name: "wide", environment: "production", allBuckets: true, scopes: [TRAFFIC_READ] }) { secret } }`,
        {},
        lockedAdmin.secret,
      );
      expect(code(result)).toBe('FORBIDDEN');
      expect(await test.db.prisma.accessToken.count({ where: { name: 'wide' } })).toBe(0);
    });

    it('cannot create a token for a bucket or an environment it does not hold', async () => {
      const otherBucket = await harness.execute(
        `mutation { createAccessToken(input: { name: "billing reader", environment: "production", buckets: ["billing"] }) { secret } }`,
        {},
        lockedAdmin.secret,
      );
      expect(code(otherBucket)).toBe('NOT_FOUND');
      const otherEnvironment = await harness.execute(
        `mutation { createAccessToken(input: { name: "staging reader", environment: "staging", buckets: ["orders"] }) { secret } }`,
        {},
        lockedAdmin.secret,
      );
      expect(code(otherEnvironment)).toBe('NOT_FOUND');
    });

    it('creates a token within its own environment and buckets', async () => {
      const result = await harness.execute<{
        createAccessToken: { token: { allBuckets: boolean; buckets: { name: string }[] } };
      }>(
        `mutation { createAccessToken(input: { name: "orders reader", environment: "production", buckets: ["orders"], scopes: [TRAFFIC_READ] }) { token { allBuckets buckets { name } } } }`,
        {},
        lockedAdmin.secret,
      );
      expect(result.errors).toBeUndefined();
      expect(result.data?.createAccessToken.token).toEqual({ allBuckets: false, buckets: [{ name: 'orders' }] });
    });

    it('cannot revoke a token of another environment or one holding more buckets (reads as not found)', async () => {
      const staging = await createToken(test.db, acme, { environment: 'staging', buckets: ['orders'] });
      const wide = await createToken(test.db, acme, { environment: 'production', buckets: 'all' });
      for (const target of [staging, wide]) {
        const result = await harness.execute(
          'mutation($id: ID!) { revokeAccessToken(id: $id) { id } }',
          { id: target.id },
          lockedAdmin.secret,
        );
        expect(code(result)).toBe('NOT_FOUND');
        expect((await test.db.prisma.accessToken.findUniqueOrThrow({ where: { id: target.id } })).revokedAt).toBeNull();
      }
    });

    it('lists only the tokens it may manage', async () => {
      const staging = await createToken(test.db, acme, {
        environment: 'staging',
        buckets: ['orders'],
        name: 'staging token',
      });
      const wide = await createToken(test.db, acme, { environment: 'production', buckets: 'all', name: 'wide token' });
      const mine = await createToken(test.db, acme, {
        environment: 'production',
        buckets: ['orders'],
        name: 'orders token',
      });
      const result = await harness.execute<{ accessTokens: { id: string }[] }>(
        '{ accessTokens { id } }',
        {},
        lockedAdmin.secret,
      );
      const ids = result.data?.accessTokens.map((t) => t.id) ?? [];
      expect(ids).toContain(mine.id);
      expect(ids).not.toContain(staging.id);
      expect(ids).not.toContain(wide.id);
    });

    it('cannot disable, retarget or delete a rule bound only to a bucket it cannot see (reads as not found)', async () => {
      const rule = await ruleBoundTo(['billing'], 'billing only');
      const disable = await harness.execute(
        'mutation($id: ID!) { updateRedactionRule(id: $id, input: { enabled: false }) { id } }',
        { id: rule.id },
        lockedAdmin.secret,
      );
      const retarget = await harness.execute(
        'mutation($id: ID!) { updateRedactionRule(id: $id, input: { buckets: ["orders"] }) { id } }',
        { id: rule.id },
        lockedAdmin.secret,
      );
      const remove = await harness.execute(
        'mutation($id: ID!) { deleteRedactionRule(id: $id) }',
        { id: rule.id },
        lockedAdmin.secret,
      );
      expect([code(disable), code(retarget), code(remove)]).toEqual(['NOT_FOUND', 'NOT_FOUND', 'NOT_FOUND']);
      const after = await test.db.prisma.redactionRule.findUniqueOrThrow({
        where: { id: rule.id },
        include: { buckets: true },
      });
      expect(after.enabled).toBe(true);
      expect(after.buckets.map((b) => b.name)).toEqual(['billing']);
    });

    it('reads a rule for every bucket or shared with another bucket but cannot change it', async () => {
      const everyBucket = await ruleBoundTo([], 'every bucket');
      const shared = await ruleBoundTo(['orders', 'billing'], 'shared');
      for (const rule of [everyBucket, shared]) {
        const disable = await harness.execute(
          'mutation($id: ID!) { updateRedactionRule(id: $id, input: { enabled: false }) { id } }',
          { id: rule.id },
          lockedAdmin.secret,
        );
        expect(code(disable)).toBe('FORBIDDEN');
        const remove = await harness.execute(
          'mutation($id: ID!) { deleteExclusionRule(id: $id) }',
          { id: rule.id },
          lockedAdmin.secret,
        );
        expect(code(remove)).toBe('NOT_FOUND'); // a redaction rule's id is no exclusion rule
        expect(
          code(
            await harness.execute(
              'mutation($id: ID!) { deleteRedactionRule(id: $id) }',
              { id: rule.id },
              lockedAdmin.secret,
            ),
          ),
        ).toBe('FORBIDDEN');
      }
      expect(
        await test.db.prisma.redactionRule.count({ where: { id: { in: [everyBucket.id, shared.id] }, enabled: true } }),
      ).toBe(2);
    });

    it('cannot widen its own rule to every bucket, nor create a rule for every bucket', async () => {
      const own = await ruleBoundTo(['orders'], 'orders only');
      const widen = await harness.execute(
        'mutation($id: ID!) { updateRedactionRule(id: $id, input: { buckets: [] }) { id } }',
        { id: own.id },
        lockedAdmin.secret,
      );
      expect(code(widen)).toBe('FORBIDDEN');
      const create = await harness.execute(
        'mutation { createExclusionRule(input: { name: "drop everything", pathPattern: "/*" }) { id } }',
        {},
        lockedAdmin.secret,
      );
      expect(code(create)).toBe('FORBIDDEN');
      const createOwn = await harness.execute<{ createExclusionRule: { buckets: { name: string }[] } }>(
        'mutation { createExclusionRule(input: { name: "drop health", pathPattern: "/health", buckets: ["orders"] }) { buckets { name } } }',
        {},
        lockedAdmin.secret,
      );
      expect(createOwn.data?.createExclusionRule.buckets).toEqual([{ name: 'orders' }]);
      const disableOwn = await harness.execute<{ updateRedactionRule: { enabled: boolean } }>(
        'mutation($id: ID!) { updateRedactionRule(id: $id, input: { enabled: false }) { enabled } }',
        { id: own.id },
        lockedAdmin.secret,
      );
      expect(disableOwn.data?.updateRedactionRule.enabled).toBe(false);
    });

    it('sees in the audit log only the entries of tokens it may manage', async () => {
      const staging = await createToken(test.db, acme, {
        environment: 'staging',
        buckets: ['orders'],
        name: 'staging auditee',
      });
      const entry = (tokenId: string, environmentId: string, operation: string) => ({
        requestId: operation,
        surface: 'mcp',
        operation,
        principalKind: 'token',
        principalName: operation,
        tokenId,
        accountId: acme.accountId,
        environmentId,
        durationMs: 1,
        outcome: 'ok',
      });
      await test.db.prisma.auditEntry.createMany({
        data: [
          entry(lockedAdmin.id, acme.environments.production!, 'tool own_call'),
          entry(staging.id, acme.environments.staging!, 'tool staging_call'),
        ],
      });
      const result = await harness.execute<{ auditLog: { nodes: { operation: string }[] } }>(
        '{ auditLog { nodes { operation } } }',
        {},
        lockedAdmin.secret,
      );
      const operations = result.data?.auditLog.nodes.map((n) => n.operation) ?? [];
      expect(operations).toContain('tool own_call');
      expect(operations).not.toContain('tool staging_call');
    });

    it('seedDemoData refuses access tokens and never writes into the account named "demo"', async () => {
      const second = await createAccount(test.db, 'second', ['production'], ['api']);
      const secondAdmin = await createToken(test.db, second, {
        environment: 'production',
        buckets: 'all',
        scopes: ['admin'],
      });
      const seed =
        'mutation { seedDemoData(input: { seed: 1, requests: 10, days: 1, until: "2026-01-01T00:00:00Z", offset: 0, count: 10 }) { inserted } }';
      expect(code(await harness.execute(seed, {}, secondAdmin.secret))).toBe('FORBIDDEN');
      expect(await test.db.prisma.account.count({ where: { name: 'demo' } })).toBe(0);
      const byServerAdmin = await harness.execute<{ seedDemoData: { inserted: number } }>(seed);
      expect(byServerAdmin.data?.seedDemoData.inserted).toBe(10);
    });
  },
);
