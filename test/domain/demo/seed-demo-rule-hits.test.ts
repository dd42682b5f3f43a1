import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { seedDemo } from '../../../src/domain/demo/seed-demo.ts';
import { createTestDatabase, DATABASE_KINDS, type TestDatabase } from '../../helpers/databases.ts';

const OPTIONS = { seed: 41, requests: 3000, days: 7, until: new Date('2026-11-01T00:00:00Z') };

describe.each(DATABASE_KINDS)('the demo seed on %s', (kind) => {
  let test: TestDatabase;
  const hitCounts = async () => {
    const rules = [
      ...(await test.db.prisma.exclusionRule.findMany()),
      ...(await test.db.prisma.redactionRule.findMany()),
    ];
    return Object.fromEntries(rules.map((rule) => [rule.name, rule.hitCount]));
  };

  beforeAll(async () => {
    test = await createTestDatabase(kind);
    await seedDemo(test.db, OPTIONS, () => {});
  });
  afterAll(() => test.dispose());

  it('counts a hit on every demo rule for what the demo traffic carried through it', async () => {
    const stored = await test.db.prisma.request.findMany({
      select: { path: true, query: true, requestHeaders: true, requestBody: true },
    });
    const headers = stored.map((r) => r.requestHeaders as Record<string, string>);
    const bodies = stored.map((r) => r.requestBody ?? '');
    const hits = await hitCounts();
    // Every demo request is stored; the probes beside one in 25 of them are not.
    expect(stored).toHaveLength(OPTIONS.requests);
    expect(
      stored.filter((r) => r.path === '/readyz' || r.path === '/healthz' || r.path.startsWith('/internal/')),
    ).toHaveLength(0);
    expect(hits['Kubernetes probes']! + hits['Health checks']! + hits['Internal metrics']!).toBe(
      BigInt(OPTIONS.requests / 25),
    );
    expect(hits['Authorization header']).toBe(BigInt(headers.filter((h) => h.authorization === '[REDACTED]').length));
    expect(hits['Authorization header']).toBe(BigInt(OPTIONS.requests));
    expect(hits.Cookies).toBe(BigInt(headers.filter((h) => h.cookie === '[REDACTED]').length));
    expect(hits['API key in query']).toBe(
      BigInt(stored.filter((r) => /(^|&)api_key=\*{4}[0-9a-f]{4}(&|$)/.test(r.query ?? '')).length),
    );
    expect(hits['Card numbers']).toBe(BigInt(bodies.filter((b) => /"card":\{"number":"\*{4}\d{4}"\}/.test(b)).length));
    expect(hits['Emails in bodies']).toBe(BigInt(bodies.filter((b) => /"email":"sha256:[0-9a-f]{16}"/.test(b)).length));
    for (const [name, count] of Object.entries(hits)) expect(count, name).toBeGreaterThan(0n);
    expect(bodies.some((b) => /@example\.com|"number":"4\d{15}"/.test(b))).toBe(false);
  });

  it('adds to the per-bucket counts what it adds to the totals', async () => {
    const hits = await hitCounts();
    const perBucket = [
      ...(await test.db.prisma.exclusionRuleHits.findMany({ include: { rule: true } })),
      ...(await test.db.prisma.redactionRuleHits.findMany({ include: { rule: true } })),
    ];
    const sums: Record<string, bigint> = {};
    for (const row of perBucket) sums[row.rule.name] = (sums[row.rule.name] ?? 0n) + row.count;
    expect(sums).toEqual(hits);
  });

  it('adds no hits when the same plan is seeded again', async () => {
    const before = await hitCounts();
    const { inserted } = await seedDemo(test.db, OPTIONS, () => {});
    expect(inserted).toBe(0);
    expect(await hitCounts()).toEqual(before);
  });
});
