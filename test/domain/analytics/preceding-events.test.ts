import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { precedingEvents } from '../../../src/domain/analytics/preceding-events.ts';
import { createTestDatabase, type TestDatabase } from '../../helpers/databases.ts';
import { createAccount, type TestAccount } from '../../helpers/fixtures.ts';
import { EVERY_RAW_ROW_KEPT } from '../../helpers/traffic-data.ts';

const HOUR = 3_600_000;
const AT = new Date('2026-10-20T15:00:00Z');

describe('precedingEvents', () => {
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
    test = await createTestDatabase('pglite');
    account = await createAccount(test.db, 'events', ['production'], ['orders']);
  });
  afterAll(() => test.dispose());

  it('does not name an event that started at the very end of the point as the one before it', async () => {
    await addEvent('half-past', new Date(AT.getTime() - HOUR / 2));
    await addEvent('on-the-hour', AT);
    const [found] = await precedingEvents(test.db.sql, scope(), [AT]);
    expect(found?.id).toBe('half-past');
  });
});
