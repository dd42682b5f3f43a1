import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestDatabase, type TestDatabase } from '../helpers/databases.ts';
import { createAccount, createToken } from '../helpers/fixtures.ts';
import { createGraphQLHarness } from '../helpers/graphql-harness.ts';

describe('managing redaction and exclusion rules', () => {
  let test: TestDatabase;
  let harness: Awaited<ReturnType<typeof createGraphQLHarness>>;

  beforeAll(async () => {
    test = await createTestDatabase('pglite');
    harness = await createGraphQLHarness(test.db);
    await createAccount(test.db, 'rules', ['production'], ['orders', 'billing']);
  });
  afterAll(() => test.dispose());

  it('creates, updates, disables, lists and deletes a redaction rule', async () => {
    const created = await harness.execute<{
      createRedactionRule: { id: string; enabled: boolean; buckets: { name: string }[] };
    }>(
      'mutation { createRedactionRule(input: { name: "cards", target: body_field, selector: "card.number", maskStyle: partial, buckets: ["billing"] }) { id enabled buckets { name } } }',
    );
    expect(created.errors).toBeUndefined();
    const id = created.data!.createRedactionRule.id;
    expect(created.data!.createRedactionRule.buckets).toEqual([{ name: 'billing' }]);
    const updated = await harness.execute<{ updateRedactionRule: { enabled: boolean; maskStyle: string } }>(
      'mutation($id: ID!) { updateRedactionRule(id: $id, input: { enabled: false, maskStyle: hash }) { enabled maskStyle } }',
      { id },
    );
    expect(updated.data!.updateRedactionRule).toEqual({ enabled: false, maskStyle: 'hash' });
    const listed = await harness.execute<{ redactionRules: { id: string }[] }>('{ redactionRules { id } }');
    expect(listed.data!.redactionRules.map((r) => r.id)).toContain(id);
    expect((await harness.execute('mutation($id: ID!) { deleteRedactionRule(id: $id) }', { id })).data).toEqual({
      deleteRedactionRule: true,
    });
    expect(
      (await harness.execute('mutation($id: ID!) { deleteRedactionRule(id: $id) }', { id })).errors?.[0]?.extensions
        ?.code,
    ).toBe('NOT_FOUND');
  });

  it.each([
    ['(a+)+$', /nested repetition/],
    ['(x|xx)*y', /overlapping alternation/],
    ['^/x/((a+))+$', /nested repetition/],
    ['(?:(a+))+$', /nested repetition/],
    ['(a|a){2,}$', /overlapping alternation/],
    ['a*a*a*a*a*a*b', /adjacent quantifiers/],
    ['([a-z]', /does not compile/],
    ['(a)\\1', /backreferences/],
  ])('refuses the pattern %s with a clear message', async (pattern, message) => {
    const result = await harness.execute(
      'mutation($p: String!) { createRedactionRule(input: { name: "bad", target: body_pattern, selector: $p }) { id } }',
      { p: pattern },
    );
    expect(result.errors?.[0]?.extensions).toMatchObject({ code: 'BAD_USER_INPUT', argument: 'selector' });
    expect(result.errors?.[0]?.message).toMatch(message);
  });

  it('creates an exclusion rule and refuses one without conditions or with a dangerous regex', async () => {
    const ok = await harness.execute<{ createExclusionRule: { method: string; pathPatternKind: string } }>(
      'mutation { createExclusionRule(input: { name: "probes", method: "get", pathPattern: "^/internal/.*$", pathPatternKind: regex }) { method pathPatternKind } }',
    );
    expect(ok.data!.createExclusionRule).toEqual({ method: 'GET', pathPatternKind: 'regex' });
    const empty = await harness.execute('mutation { createExclusionRule(input: { name: "everything" }) { id } }');
    expect(empty.errors?.[0]?.message).toMatch(/at least one condition/);
    const evil = await harness.execute(
      'mutation { createExclusionRule(input: { name: "evil", pathPattern: "^(a|a)*$", pathPatternKind: regex }) { id } }',
    );
    expect(evil.errors?.[0]?.extensions).toMatchObject({ code: 'BAD_USER_INPUT', argument: 'pathPattern' });
  });

  it.each([
    ['createRedactionRule', 'RedactionRuleInput', { name: 'x', target: 'cookie', selector: 'sid' }, 'RedactionTarget'],
    [
      'createRedactionRule',
      'RedactionRuleInput',
      { name: 'x', target: 'header', selector: 'sid', maskStyle: 'blur' },
      'MaskStyle',
    ],
    [
      'createExclusionRule',
      'ExclusionRuleInput',
      { name: 'x', pathPattern: '/a', pathPatternKind: 'sql' },
      'PatternKind',
    ],
  ])('%s refuses a value outside the %s enum and names the enum', async (mutation, inputType, input, enumName) => {
    const result = await harness.execute(`mutation($input: ${inputType}!) { ${mutation}(input: $input) { id } }`, {
      input,
    });
    expect(result.data ?? null).toBeNull();
    expect(result.errors?.[0]?.message).toContain(`does not exist in "${enumName}" enum`);
  });

  it('needs the admin scope', async () => {
    const account = await test.db.prisma.account.findFirstOrThrow({
      where: { name: 'rules' },
      include: { environments: true },
    });
    const token = await createToken(
      test.db,
      { accountId: account.id, environments: { production: account.environments[0]!.id }, buckets: {} },
      { environment: 'production', scopes: ['config:read'] },
    );
    const result = await harness.execute(
      'mutation { createExclusionRule(input: { name: "x", status: 404 }) { id } }',
      {},
      token.secret,
    );
    expect(result.errors?.[0]?.extensions?.code).toBe('FORBIDDEN');
  });
});
