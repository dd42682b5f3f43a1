import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { precedingEvents } from '../../../src/domain/analytics/preceding-events.ts';
import { createTestDatabase, DATABASE_KINDS, type TestDatabase } from '../../helpers/databases.ts';
import { createAccount, type TestAccount } from '../../helpers/fixtures.ts';
import { EVERY_RAW_ROW_KEPT } from '../../helpers/traffic-data.ts';

const HOUR = 3_600_000;
const AT = new Date('2026-10-20T15:00:00Z');

describe.each(DATABASE_KINDS)('precedingEvents on %s', (kind) => {
  let test: TestDatabase;
  let account: TestAccount;
  const scope = () => ({
    environmentId: account.environments.production!,
    bucketIds: null,
    rawRetainedFrom: EVERY_RAW_ROW_KEPT,
  });
  const addEvent = (id: string, startedAt: Date) =>
    test.db.sql.query(
      `INSERT INTO "Event" ("id", "accountId", "environmentId", "type", "title", "startedAt", "createdBy")
       VALUES ($1, $2, $3, 'deployment', $1, $4, 'test')`,
      [id, account.accountId, account.environments.production!, startedAt],
    );

  beforeAll(async () => {
    test = await createTestDatabase(kind);
    account = await createAccount(test.db, 'events', ['production'], ['orders']);
  });
  afterAll(() => test.dispose());

  it('does not name an event that started at the very end of the point as the one before it', async () => {
    await addEvent('half-past', new Date(AT.getTime() - HOUR / 2));
    await addEvent('on-the-hour', AT);
    const [found] = await precedingEvents(test.db.sql, scope(), [AT]);
    expect(found?.id).toBe('half-past');
  });

  it('names the event before an early time however many events follow it before a later one', async () => {
    const early = new Date(AT.getTime() - 20 * 24 * HOUR);
    await addEvent('early', new Date(early.getTime() - HOUR));
    // A deploy every ten minutes for the last week: more events than one read of them all keeps.
    await test.db.sql.query(
      `INSERT INTO "Event" ("id", "accountId", "environmentId", "type", "title", "startedAt", "createdBy")
       SELECT 'busy-' || i, $1, $2, 'deployment', 'busy', $3::timestamptz - i * interval '10 minutes', 'test'
       FROM generate_series(1, 1008) AS i`,
      [account.accountId, account.environments.production!, AT],
    );
    const [first, last] = await precedingEvents(test.db.sql, scope(), [early, AT]);
    expect(first?.id).toBe('early');
    expect(last?.id).toBe('busy-1');
  });
});
