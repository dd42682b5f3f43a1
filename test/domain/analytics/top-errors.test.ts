import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { SqlClient } from '../../../src/db/sql-client.ts';
import { countErrors, topErrorGroups } from '../../../src/domain/analytics/top-errors.ts';
import type { TrafficScope } from '../../../src/domain/analytics/traffic-scope.ts';
import { createTestDatabase, DATABASE_KINDS, type TestDatabase } from '../../helpers/databases.ts';
import { createAccount } from '../../helpers/fixtures.ts';
import { EVERY_RAW_ROW_KEPT, store, trafficFor } from '../../helpers/traffic-data.ts';

const UNTIL = new Date('2026-11-20T18:29:00Z');
const range = { from: new Date('2026-11-10T00:00:00Z'), to: UNTIL };

/** A SQL client that keeps the parameters of every statement it runs. */
function recording(sql: SqlClient): { sql: SqlClient; params: unknown[][] } {
  const params: unknown[][] = [];
  return { params, sql: { ...sql, query: (text, values = []) => (params.push([...values]), sql.query(text, values)) } };
}

describe.each(DATABASE_KINDS)('top error groups over days, on %s', (kind) => {
  let test: TestDatabase;
  let scope: TrafficScope;
  let records: ReturnType<typeof trafficFor>;

  beforeAll(async () => {
    test = await createTestDatabase(kind);
    const account = await createAccount(test.db, 'top-errors', ['production'], ['orders']);
    records = trafficFor(account, { seed: 17, requests: 4000, days: 10, until: UNTIL });
    await store(test.db, records);
    scope = { environmentId: account.environments.production!, bucketIds: null, rawRetainedFrom: EVERY_RAW_ROW_KEPT };
  });
  afterAll(() => test.dispose());

  const errorsIn = (to: Date) =>
    records.filter(
      (r) =>
        r.environmentId === scope.environmentId && r.status >= 400 && r.timestamp >= range.from && r.timestamp < to,
    );

  it('read the day holding a range’s end whole when nothing is stored after it, no hour or minute cell', async () => {
    const { sql, params } = recording(test.db.sql);
    const groups = await topErrorGroups(sql, scope, range, 1000);
    expect(groups.reduce((sum, g) => sum + g.count, 0)).toBe(errorsIn(UNTIL).length);
    const periods = params.flat().filter((value) => value === 3600 || value === 60);
    expect(periods).toEqual([]);
  });

  it('count exactly the errors before the end when requests are stored after it', async () => {
    const to = new Date(UNTIL.getTime() - 2 * 3_600_000 - 7 * 60_000);
    const count = await countErrors(test.db.sql, scope, { from: range.from, to }, { statusClasses: ['5xx', '4xx'] });
    expect(count).toBe(errorsIn(to).length);
    const groups = await topErrorGroups(test.db.sql, scope, { from: range.from, to }, 1000);
    expect(groups.reduce((sum, g) => sum + g.count, 0)).toBe(errorsIn(to).length);
  });
});
