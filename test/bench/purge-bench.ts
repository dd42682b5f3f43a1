import type { DatabaseKind } from '../../src/db/database.ts';
import { storeRequests } from '../../src/domain/ingest/store-requests.ts';
import { PURGE_BATCH_ROWS } from '../../src/domain/retention/purge.ts';
import { runPurge } from '../../src/domain/retention/run-purge.ts';
import { createAccount } from '../helpers/fixtures.ts';
import { trafficFor } from '../helpers/traffic-data.ts';
import { benchDatabase, median } from './bench-database.ts';

const DAY_MS = 86_400_000;

export interface PurgeBenchResult {
  kind: DatabaseKind;
  rows: number;
  seconds: number;
  batches: number;
  batchMs: number;
  /** A recent-traffic read (count over the last hour) run in a loop while the purge works: what purging blocks. */
  readMedianMs: number;
  readMaxMs: number;
  readsDuringPurge: number;
}

/** Purges one expired day of `rows` requests while a loop reads recent traffic, and times both. */
export async function benchPurge(kind: DatabaseKind, rows: number): Promise<PurgeBenchResult> {
  const { db, dispose } = await benchDatabase(kind);
  try {
    const account = await createAccount(db, 'purge-bench', ['production'], ['payments-api', 'users-api']);
    const expiredDay = trafficFor(account, {
      seed: 5,
      requests: rows,
      days: 1,
      until: new Date(Date.now() - 100 * DAY_MS),
    });
    for (let i = 0; i < expiredDay.length; i += 5000) await storeRequests(db.sql, expiredDay.slice(i, i + 5000));
    await storeRequests(db.sql, trafficFor(account, { seed: 6, requests: 5000, days: 1, until: new Date() }));
    await db.noteBulkWrite(rows);

    const readTimes: number[] = [];
    let purging = true;
    const reader = (async () => {
      while (purging) {
        const started = performance.now();
        await db.sql.query(
          `SELECT count(*) FROM "Request" WHERE "environmentId" = $1 AND "timestamp" >= now() - interval '1 hour'`,
          [account.environments.production],
        );
        readTimes.push(performance.now() - started);
        await new Promise((resolve) => setTimeout(resolve, 20));
      }
    })();
    const run = await runPurge(db, { rawDays: 90, rollupDays: 400 }, new Date());
    purging = false;
    await reader;
    if (!run.ran) throw new Error('purge did not run');
    const deleted = run.deleted.find((t) => t.table === 'Request')!.rows;
    if (deleted !== rows) throw new Error(`purge deleted ${deleted} of ${rows} rows`);
    return {
      kind,
      rows,
      seconds: run.durationMs / 1000,
      batches: run.batches,
      batchMs: run.durationMs / Math.max(1, Math.ceil(rows / PURGE_BATCH_ROWS)),
      readMedianMs: median(readTimes),
      readMaxMs: Math.max(...readTimes),
      readsDuringPurge: readTimes.length,
    };
  } finally {
    await dispose();
  }
}
