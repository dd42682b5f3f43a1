import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ingestBatch } from '../../src/domain/ingest/ingest-batch.ts';
import { connectStreamable, startTestApp, TEST_ADMIN_TOKEN } from '../helpers/app-server.ts';
import { createPostgresDatabase, DATABASE_KINDS } from '../helpers/databases.ts';
import { createAccount, createToken, type TestAccount } from '../helpers/fixtures.ts';
import { postGraphQL } from '../helpers/server-process.ts';

const LIMITS = { maxRecords: 100, maxBodyBytes: 4096 };
// Hits the rule counted before hits were counted per bucket: only the server admin's total includes them.
const EARLIER_HITS = 100;

/** `masked` requests carrying the header the shared redaction rule masks, and `dropped` ones the shared exclusion rule drops. */
function traffic(bucket: string, masked: number, dropped: number) {
  const request = (path: string) => ({
    bucket,
    method: 'GET',
    url: `https://api.example.com${path}`,
    status: 200,
    duration_ms: 5,
    timestamp: '2026-11-01T10:00:00Z',
    request_headers: { 'x-card': '4242' },
  });
  return [
    ...Array.from({ length: masked }, () => request('/v1/items')),
    ...Array.from({ length: dropped }, () => request('/health')),
  ];
}

interface RuleHits {
  redactionRules: { hitCount: string | number }[];
  exclusionRules: { hitCount: string | number }[];
}

describe.each(DATABASE_KINDS)('hit counts of a rule shared between buckets on %s', (kind) => {
  let app: Awaited<ReturnType<typeof startTestApp>>;
  let postgres: Awaited<ReturnType<typeof createPostgresDatabase>> | null = null;
  let account: TestAccount;
  let ordersOnly: string;
  let allProduction: string;

  const graphqlHits = async (token: string) => {
    const result = await postGraphQL<RuleHits>(
      app.url,
      token,
      '{ redactionRules { hitCount } exclusionRules { hitCount } }',
    );
    expect(result.body.errors).toBeUndefined();
    return {
      redaction: result.body.data!.redactionRules.map((r) => Number(r.hitCount)),
      exclusion: result.body.data!.exclusionRules.map((r) => Number(r.hitCount)),
    };
  };

  beforeAll(async () => {
    postgres = kind === 'postgres' ? await createPostgresDatabase() : null;
    app = await startTestApp(postgres ? { DATABASE_URL: postgres.url } : {});
    account = await createAccount(app.db, 'shared hits', ['production', 'staging'], ['orders', 'payments-api']);
    const both = { connect: [{ id: account.buckets.orders! }, { id: account.buckets['payments-api']! }] };
    await app.db.prisma.redactionRule.create({
      data: {
        accountId: account.accountId,
        name: 'shared mask',
        target: 'header',
        selector: 'x-card',
        buckets: both,
        hitCount: EARLIER_HITS,
      },
    });
    await app.db.prisma.exclusionRule.create({
      data: {
        accountId: account.accountId,
        name: 'shared drop',
        pathPattern: '/health',
        buckets: both,
        hitCount: EARLIER_HITS,
      },
    });
    ordersOnly = (await createToken(app.db, account, { environment: 'production', buckets: ['orders'] })).secret;
    allProduction = (await createToken(app.db, account, { environment: 'production', buckets: 'all' })).secret;

    const into = (environment: string) => ({
      accountId: account.accountId,
      environmentId: account.environments[environment]!,
      allowedBucketIds: null,
    });
    // One batch spans both buckets, so per-bucket counts come out of one statement per rule table.
    await ingestBatch(
      app.db,
      into('production'),
      [...traffic('orders', 2, 1), ...traffic('payments-api', 5, 3)],
      LIMITS,
    );
    await ingestBatch(app.db, into('production'), traffic('orders', 1, 1), LIMITS);
    await ingestBatch(app.db, into('staging'), traffic('orders', 4, 2), LIMITS);
  });
  afterAll(async () => {
    await app.dispose();
    await postgres?.drop();
  });

  it('shows a bucket-limited token only the hits in its environment and bucket over GraphQL', async () => {
    expect(await graphqlHits(ordersOnly)).toEqual({ redaction: [3], exclusion: [2] });
  });

  it('shows an all-buckets token the hits in every bucket of its environment only', async () => {
    expect(await graphqlHits(allProduction)).toEqual({ redaction: [8], exclusion: [5] });
  });

  it('shows the server admin the rule total, hits counted before per-bucket counts included', async () => {
    expect(await graphqlHits(TEST_ADMIN_TOKEN)).toEqual({
      redaction: [EARLIER_HITS + 12],
      exclusion: [EARLIER_HITS + 7],
    });
  });

  it('shows a bucket-limited token only its own hits in list_redactions and list_exclusions', async () => {
    const { client } = await connectStreamable(app.url, ordersOnly);
    const hitsOf = async (name: string) => {
      const result = await client.callTool({ name, arguments: {} });
      return (result.structuredContent as { rules: { hit_count: number }[] }).rules.map((r) => r.hit_count);
    };
    expect(await hitsOf('list_redactions')).toEqual([3]);
    expect(await hitsOf('list_exclusions')).toEqual([2]);
    await client.close();
  });
});
