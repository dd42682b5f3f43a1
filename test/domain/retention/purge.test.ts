import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openDatabase, type Database } from '../../../src/db/database.ts';
import { countExpired, deleteExpired } from '../../../src/domain/retention/purge.ts';
import { schedulePurge } from '../../../src/domain/retention/purge-schedule.ts';
import { retentionCutoffs, type RetentionPolicy } from '../../../src/domain/retention/retention-policy.ts';
import { PURGE_LOCK_KEY, runPurge } from '../../../src/domain/retention/run-purge.ts';
import { createLogger } from '../../../src/logger.ts';
import { createTestDatabase, DATABASE_KINDS, type TestDatabase } from '../../helpers/databases.ts';
import { createAccount, type TestAccount } from '../../helpers/fixtures.ts';
import { store, trafficFor } from '../../helpers/traffic-data.ts';

const DAY_MS = 86_400_000;
const POLICY: RetentionPolicy = { rawDays: 90, rollupDays: 400 };
const daysAgo = (days: number) => new Date(Date.now() - days * DAY_MS);

/** Rows of `table` whose time column falls in [from, to). */
async function rowsBetween(db: Database, table: string, column: string, from: Date, to: Date): Promise<number> {
  const [row] = await db.sql.query<{ n: number }>(
    `SELECT count(*)::int AS n FROM "${table}" WHERE "${column}" >= $1 AND "${column}" < $2`,
    [from, to],
  );
  return Number(row!.n);
}

describe.each(DATABASE_KINDS)('retention purge on %s', (kind) => {
  let test: TestDatabase;
  let account: TestAccount;
  // Three days of traffic: yesterday (kept), ~100 days ago (raw rows expired, rollups kept), ~500 days ago (all expired).
  const fresh = { from: daysAgo(2), to: daysAgo(1) };
  const rawExpired = { from: daysAgo(101), to: daysAgo(100) };
  const allExpired = { from: daysAgo(501), to: daysAgo(500) };

  async function storeThreeDays(): Promise<void> {
    for (const [seed, span] of [fresh, rawExpired, allExpired].entries()) {
      await store(test.db, trafficFor(account, { seed: seed + 1, requests: 600, days: 1, until: span.to }));
    }
  }

  beforeAll(async () => {
    test = await createTestDatabase(kind);
    account = await createAccount(test.db, 'retention');
    await storeThreeDays();
  });
  afterAll(() => test.dispose());

  it('counts what a purge would delete without deleting it', async () => {
    const expired = await countExpired(test.db.sql, retentionCutoffs(POLICY, new Date()));
    const byTable = Object.fromEntries(expired.map((t) => [t.table, t.rows]));
    expect(byTable.Request).toBe(1200);
    expect(byTable.RequestRollup).toBe(
      await rowsBetween(test.db, 'RequestRollup', 'periodStart', new Date(0), daysAgo(490)),
    );
    expect(byTable.LatencyHistogram).toBeGreaterThan(0);
    expect(byTable.ErrorRollup).toBeGreaterThan(0);
    expect(await test.db.prisma.request.count()).toBe(1800);
  });

  it('deletes raw requests older than RETENTION_DAYS and rollups only past ROLLUP_RETENTION_DAYS', async () => {
    const rollupsOfRawExpiredDay = await rowsBetween(
      test.db,
      'RequestRollup',
      'periodStart',
      daysAgo(102),
      daysAgo(99),
    );
    expect(rollupsOfRawExpiredDay).toBeGreaterThan(0);

    const run = await runPurge(test.db, POLICY, new Date());

    expect(run.ran).toBe(true);
    expect(await test.db.prisma.request.count()).toBe(600);
    expect(await rowsBetween(test.db, 'Request', 'timestamp', fresh.from, fresh.to)).toBe(600);
    expect(await rowsBetween(test.db, 'RequestRollup', 'periodStart', daysAgo(102), daysAgo(99))).toBe(
      rollupsOfRawExpiredDay,
    );
    for (const table of ['RequestRollup', 'LatencyHistogram', 'ErrorRollup']) {
      expect(await rowsBetween(test.db, table, 'periodStart', new Date(0), daysAgo(490))).toBe(0);
    }
    const again = await countExpired(test.db.sql, retentionCutoffs(POLICY, new Date()));
    expect(again.every((t) => t.rows === 0)).toBe(true);
  });

  it('deletes in batches of the given size, each one committed', async () => {
    await store(test.db, trafficFor(account, { seed: 9, requests: 450, days: 1, until: rawExpired.to }));
    const purged = await deleteExpired(test.db.sql, retentionCutoffs(POLICY, new Date()), { batchRows: 100 });
    expect(purged.deleted.find((t) => t.table === 'Request')!.rows).toBe(450);
    // 450 rows over two environments take at least five batches of 100, plus one finding nothing left per environment.
    expect(purged.batches).toBeGreaterThanOrEqual(5);
    expect(await test.db.prisma.request.count()).toBe(600);
  });

  it('stops between batches when asked to', async () => {
    await store(test.db, trafficFor(account, { seed: 10, requests: 300, days: 1, until: rawExpired.to }));
    const abort = new AbortController();
    abort.abort();
    const purged = await deleteExpired(test.db.sql, retentionCutoffs(POLICY, new Date()), {
      batchRows: 100,
      signal: abort.signal,
    });
    expect(purged.interrupted).toBe(true);
    expect(await test.db.prisma.request.count()).toBe(900);
    await runPurge(test.db, POLICY, new Date());
  });

  it('never runs two purges at once: a second one while the first holds the lock deletes nothing', async () => {
    await store(test.db, trafficFor(account, { seed: 11, requests: 200, days: 1, until: rawExpired.to }));
    // On PostgreSQL the second purge comes through a second database handle (another pool, as another
    // instance would have); PGlite is one process, so the same handle stands for it.
    const other = kind === 'postgres' ? await openDatabase({ databaseUrl: test.url!, dataDir: 'unused' }) : test.db;
    try {
      let release!: () => void;
      const held = new Promise<void>((resolve) => (release = resolve));
      let entered!: () => void;
      const holding = new Promise<void>((resolve) => (entered = resolve));
      const first = test.db.exclusively(PURGE_LOCK_KEY, async () => {
        entered();
        await held;
      });
      await holding;

      const second = await runPurge(other, POLICY, new Date());
      expect(second).toEqual({ ran: false, reason: expect.stringContaining('another purge') });
      expect(await test.db.prisma.request.count()).toBe(800);

      release();
      await first;
      const third = await runPurge(other, POLICY, new Date());
      expect(third.ran).toBe(true);
      expect(await test.db.prisma.request.count()).toBe(600);
    } finally {
      if (other !== test.db) await other.close();
    }
  });

  it('purges on the schedule without being asked', async () => {
    await store(test.db, trafficFor(account, { seed: 12, requests: 100, days: 1, until: rawExpired.to }));
    const schedule = schedulePurge(test.db, POLICY, 60, createLogger('silent'), 0);
    try {
      await expect.poll(() => test.db.prisma.request.count(), { timeout: 10_000 }).toBe(600);
    } finally {
      await schedule.stop();
    }
  });

  it('deletes the quarters compaction left unbuilt once their raw rows are past RETENTION_DAYS', async () => {
    const quarterOf = (at: Date) => new Date(Math.floor(at.getTime() / 900_000) * 900_000);
    for (const at of [daysAgo(100), daysAgo(1)]) {
      await test.db.sql.query(
        `INSERT INTO "RouteQuarterSkip" ("environmentId", "bucketId", "periodStart", "count") VALUES ('skips', 'b', $1, 501)`,
        [quarterOf(at)],
      );
    }
    await runPurge(test.db, POLICY, new Date());
    const left = await test.db.sql.query<{ st: Date | string }>(`SELECT "periodStart" AS st FROM "RouteQuarterSkip"`);
    expect(left.map((row) => new Date(row.st).toISOString())).toEqual([quarterOf(daysAgo(1)).toISOString()]);
  });
});
