import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ingestBatch } from '../../../src/domain/ingest/ingest-batch.ts';
import { createTestDatabase, DATABASE_KINDS, type TestDatabase } from '../../helpers/databases.ts';
import { createAccount, type TestAccount } from '../../helpers/fixtures.ts';

const LIMITS = { maxRecords: 100, maxBodyBytes: 4096 };
const record = (id: string) => ({
  id,
  bucket: 'orders',
  method: 'GET',
  url: 'https://api.example.com/v1/orders',
  status: 200,
  duration_ms: 5,
  timestamp: '2026-11-01T10:00:00Z',
});

// A token writes into its one environment (the target); buckets are shared by the account's environments.
describe.each(DATABASE_KINDS)('client-supplied record ids on %s', (kind) => {
  let test: TestDatabase;
  let account: TestAccount;
  const writerIn = (environment: 'staging' | 'production') => ({
    accountId: account.accountId,
    environmentId: account.environments[environment]!,
    allowedBucketIds: null,
  });
  const environmentsHolding = async (externalId: string) =>
    (await test.db.prisma.request.findMany({ where: { externalId }, select: { environmentId: true } }))
      .map((r) => r.environmentId)
      .sort();

  beforeAll(async () => {
    test = await createTestDatabase(kind);
    account = await createAccount(test.db, 'client-ids', ['production', 'staging'], ['orders']);
  });
  afterAll(() => test.dispose());

  it('stores an id a staging writer took first when production sends it too', async () => {
    expect(await ingestBatch(test.db, writerIn('staging'), [record('squatted')], LIMITS)).toMatchObject({
      accepted: 1,
      duplicates: 0,
    });
    expect(await ingestBatch(test.db, writerIn('production'), [record('squatted')], LIMITS)).toMatchObject({
      accepted: 1,
      duplicates: 0,
    });
    expect(await environmentsHolding('squatted')).toEqual(
      [account.environments.production, account.environments.staging].sort(),
    );
  });

  it('answers a staging writer sending a production id as accepted, not duplicate', async () => {
    await ingestBatch(test.db, writerIn('production'), [record('probed')], LIMITS);
    expect(await ingestBatch(test.db, writerIn('staging'), [record('probed')], LIMITS)).toMatchObject({
      accepted: 1,
      duplicates: 0,
    });
  });

  it('still skips an id repeated within one environment', async () => {
    await ingestBatch(test.db, writerIn('staging'), [record('resent')], LIMITS);
    expect(await ingestBatch(test.db, writerIn('staging'), [record('resent')], LIMITS)).toMatchObject({
      accepted: 0,
      duplicates: 1,
    });
  });
});
