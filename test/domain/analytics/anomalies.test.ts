import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { MAX_ANOMALY_RANGE_DAYS } from '../../../src/domain/analytics/anomalies.ts';
import { createTestDatabase, type TestDatabase } from '../../helpers/databases.ts';
import { createAccount, createToken } from '../../helpers/fixtures.ts';
import { createGraphQLHarness } from '../../helpers/graphql-harness.ts';

const ANOMALIES = `query($range: TimeRangeInput) {
  anomalies(range: $range) { range { from to } points { time } }
}`;
const DAY = 86_400_000;

describe('anomalies range', () => {
  let test: TestDatabase;
  let harness: Awaited<ReturnType<typeof createGraphQLHarness>>;
  let token: string;

  beforeAll(async () => {
    test = await createTestDatabase('pglite');
    harness = await createGraphQLHarness(test.db);
    const account = await createAccount(test.db, 'anomaly-range', ['production'], ['api']);
    token = (await createToken(test.db, account, { environment: 'production' })).secret;
  });
  afterAll(() => test.dispose());

  const rangeOfDays = (days: number) => {
    const to = new Date(Date.UTC(2026, 9, 25));
    return { from: new Date(to.getTime() - days * DAY).toISOString(), to: to.toISOString() };
  };

  it(`scores a range of ${MAX_ANOMALY_RANGE_DAYS} days, one point per hour`, async () => {
    const result = await harness.execute<{ anomalies: { points: unknown[] } }>(
      ANOMALIES,
      { range: rangeOfDays(MAX_ANOMALY_RANGE_DAYS) },
      token,
    );
    expect(result.errors).toBeUndefined();
    expect(result.data!.anomalies.points).toHaveLength(MAX_ANOMALY_RANGE_DAYS * 24);
  });

  it(`refuses a range longer than ${MAX_ANOMALY_RANGE_DAYS} days, naming the argument and the limit`, async () => {
    const result = await harness.execute(ANOMALIES, { range: rangeOfDays(MAX_ANOMALY_RANGE_DAYS + 1) }, token);
    expect(result.errors?.[0]).toMatchObject({
      message: `range: anomalies are scored over at most ${MAX_ANOMALY_RANGE_DAYS} days of hourly points; this range spans ${MAX_ANOMALY_RANGE_DAYS + 1} days`,
      extensions: { code: 'BAD_USER_INPUT', argument: 'range' },
    });
  });
});
