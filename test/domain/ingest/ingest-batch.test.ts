import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ingestBatch } from '../../../src/domain/ingest/ingest-batch.ts';
import { createTestDatabase, DATABASE_KINDS, type TestDatabase } from '../../helpers/databases.ts';
import { createAccount, type TestAccount } from '../../helpers/fixtures.ts';

const LIMITS = { maxRecords: 100, maxBodyBytes: 4096 };

const record = (overrides: Record<string, unknown> = {}) => ({
  bucket: 'orders',
  method: 'POST',
  url: 'https://api.example.com/v1/orders?api_key=abcd1234efgh&page=2',
  status: 201,
  duration_ms: 42.5,
  timestamp: '2026-11-01T10:00:00Z',
  request_headers: { 'content-type': 'application/json', authorization: 'Bearer live-token-123456', 'x-trace': 't-1' },
  request_body: JSON.stringify({ card: { number: '4242424242424242', cvc: '123' }, email: 'buyer@example.com' }),
  response_headers: { 'set-cookie': 'session=abc' },
  response_body: '{"ok":true}',
  user_agent: 'Mozilla/5.0',
  ...overrides,
});

describe.each(DATABASE_KINDS)('the capture pipeline on %s', (kind) => {
  let test: TestDatabase;
  let account: TestAccount;
  const target = () => ({
    accountId: account.accountId,
    environmentId: account.environments.production!,
    allowedBucketIds: null,
  });
  const stored = (externalId: string) => test.db.prisma.request.findFirstOrThrow({ where: { externalId } });

  beforeAll(async () => {
    test = await createTestDatabase(kind);
    account = await createAccount(test.db, 'capture', ['production'], ['orders', 'billing']);
    const rules = test.db.prisma;
    await rules.exclusionRule.create({
      data: { accountId: account.accountId, name: 'health', method: 'GET', pathPattern: '/health*' },
    });
    await rules.exclusionRule.create({
      data: { accountId: account.accountId, name: 'probes', userAgentContains: 'kube-probe' },
    });
    await rules.exclusionRule.create({
      data: {
        accountId: account.accountId,
        name: 'internal regex',
        pathPattern: '^/internal/(metrics|debug)$',
        pathPatternKind: 'regex',
      },
    });
    await rules.exclusionRule.create({
      data: {
        accountId: account.accountId,
        name: 'billing 404s',
        status: 404,
        buckets: { connect: [{ id: account.buckets.billing! }] },
      },
    });
    await rules.redactionRule.create({
      data: {
        accountId: account.accountId,
        name: 'auth',
        target: 'header',
        selector: 'Authorization',
        maskStyle: 'placeholder',
        placeholder: '[MASKED]',
      },
    });
    await rules.redactionRule.create({
      data: {
        accountId: account.accountId,
        name: 'api key',
        target: 'query_param',
        selector: 'api_key',
        maskStyle: 'partial',
      },
    });
    await rules.redactionRule.create({
      data: {
        accountId: account.accountId,
        name: 'card',
        target: 'body_field',
        selector: 'card.number',
        maskStyle: 'partial',
      },
    });
    await rules.redactionRule.create({
      data: {
        accountId: account.accountId,
        name: 'emails',
        target: 'body_pattern',
        selector: '[a-z.]+@example\\.com',
        maskStyle: 'hash',
      },
    });
    await rules.redactionRule.create({
      data: {
        accountId: account.accountId,
        name: 'billing trace',
        target: 'header',
        selector: 'x-trace',
        buckets: { connect: [{ id: account.buckets.billing! }] },
      },
    });
  });
  afterAll(() => test.dispose());

  it('masks by header, query parameter, JSON field and pattern, with each mask style', async () => {
    const outcome = await ingestBatch(test.db, target(), [record({ id: 'masks' })], LIMITS);
    expect(outcome).toMatchObject({ accepted: 1, rejected: [], excluded: [] });
    const row = await stored('masks');
    expect((row.requestHeaders as Record<string, string>).authorization).toBe('[MASKED]');
    expect(row.url).toBe('https://api.example.com/v1/orders?api_key=****efgh&page=2');
    expect(row.query).toBe('api_key=****efgh&page=2');
    const body = JSON.parse(row.requestBody!) as { card: { number: string; cvc: string }; email: string };
    expect(body.card.number).toBe('****4242');
    expect(body.email).toMatch(/^sha256:[0-9a-f]{16}$/);
    expect((row.requestHeaders as Record<string, string>)['x-trace']).toBe('t-1'); // the x-trace rule is limited to billing
  });

  it('applies bucket-limited rules only to their buckets', async () => {
    await ingestBatch(test.db, target(), [record({ id: 'billing-trace', bucket: 'billing' })], LIMITS);
    expect(((await stored('billing-trace')).requestHeaders as Record<string, string>)['x-trace']).toBe('[REDACTED]');
    const outcome = await ingestBatch(
      test.db,
      target(),
      [record({ id: 'orders-404', status: 404 }), record({ id: 'billing-404', bucket: 'billing', status: 404 })],
      LIMITS,
    );
    expect(outcome.accepted).toBe(1);
    expect(outcome.excluded).toEqual([{ index: 1, ruleId: expect.any(String) }]);
  });

  it('excludes before redacting, counting hits per rule', async () => {
    const before = await test.db.prisma.exclusionRule.findFirstOrThrow({ where: { name: 'health' } });
    const auth = await test.db.prisma.redactionRule.findFirstOrThrow({ where: { name: 'auth' } });
    const outcome = await ingestBatch(
      test.db,
      target(),
      [
        record({ method: 'GET', url: 'https://api.example.com/healthz', id: 'h1' }),
        record({ user_agent: 'kube-probe/1.29', id: 'probe' }),
        record({ url: 'https://api.example.com/internal/metrics', id: 'internal' }),
        record({ url: 'https://api.example.com/internal/other', id: 'kept' }),
      ],
      LIMITS,
    );
    expect(outcome.excluded.map((e) => e.index)).toEqual([0, 1, 2]);
    expect(outcome.accepted).toBe(1);
    expect((await test.db.prisma.exclusionRule.findFirstOrThrow({ where: { name: 'health' } })).hitCount).toBe(
      before.hitCount + 1n,
    );
    // The excluded records never reached redaction: only the kept one counted as an auth hit.
    expect((await test.db.prisma.redactionRule.findFirstOrThrow({ where: { name: 'auth' } })).hitCount).toBe(
      auth.hitCount + 1n,
    );
    expect(await test.db.prisma.request.count({ where: { externalId: { in: ['h1', 'probe', 'internal'] } } })).toBe(0);
  });

  it('stores a repeated id once', async () => {
    const first = await ingestBatch(test.db, target(), [record({ id: 'once' }), record({ id: 'once' })], LIMITS);
    const again = await ingestBatch(test.db, target(), [record({ id: 'once' })], LIMITS);
    expect([first.accepted, first.duplicates, again.accepted, again.duplicates]).toEqual([1, 1, 0, 1]);
    expect(await test.db.prisma.request.count({ where: { externalId: 'once' } })).toBe(1);
  });

  it('rejects bad records by index with a reason and keeps their neighbours', async () => {
    const outcome = await ingestBatch(
      test.db,
      target(),
      [
        record({ id: 'good-1' }),
        record({ id: 'bad-status', status: 999 }),
        'not an object',
        record({ id: 'bad-bucket', bucket: 'nope' }),
        record({ id: 'typo', stauts: 200 }),
        record({ id: 'good-2' }),
      ],
      LIMITS,
    );
    expect(outcome.accepted).toBe(2);
    expect(outcome.rejected.map((r) => r.index)).toEqual([1, 2, 3, 4]);
    expect(outcome.rejected[0]!.reason).toMatch(/^status:/);
    expect(outcome.rejected[2]!.reason).toBe('bucket: "nope" not found; buckets: billing, orders');
    expect(outcome.rejected[3]!.reason).toMatch(/stauts/);
  });

  it('cuts long bodies at the limit and flags them, keeping the original size', async () => {
    await ingestBatch(test.db, target(), [record({ id: 'long', response_body: 'é'.repeat(100) })], {
      ...LIMITS,
      maxBodyBytes: 64,
    });
    const row = await stored('long');
    expect(row.responseBodyTruncated).toBe(true);
    expect(row.responseSize).toBe(200);
    expect(Buffer.byteLength(row.responseBody!)).toBeLessThanOrEqual(64);
    expect(row.responseBody).not.toContain('\uFFFD');
  });

  it('runs the always-on sanitizer on headers and bodies', async () => {
    const secret = `sk_live_${'Zx9'.repeat(8)}`;
    await ingestBatch(
      test.db,
      target(),
      [record({ id: 'sanitized', request_headers: { 'x-api-key': secret }, response_body: `{"token":"${secret}"}` })],
      LIMITS,
    );
    const { id: _internal, ...row } = await stored('sanitized');
    expect(JSON.stringify(row)).not.toContain(secret);
  });

  it("refuses a batch over the record limit, and a bucket outside a token's buckets", async () => {
    await expect(
      ingestBatch(
        test.db,
        target(),
        Array.from({ length: 101 }, () => record()),
        LIMITS,
      ),
    ).rejects.toThrow(/at most 100 records/);
    const limited = await ingestBatch(
      test.db,
      { ...target(), allowedBucketIds: [account.buckets.billing!] },
      [record({ id: 'outside' })],
      LIMITS,
    );
    expect(limited.rejected).toEqual([{ index: 0, reason: 'bucket: "orders" not found; buckets: billing' }]);
  });
});
