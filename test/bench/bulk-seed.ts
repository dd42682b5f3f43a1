import { createProgress } from '../../src/cli/progress.ts';
import { copyRow } from '../../src/db/copy-text.ts';
import type { Database, DatabaseKind } from '../../src/db/database.ts';
import {
  countHit,
  throughRules,
  type DemoAccount,
  type DemoOptions,
  type EnvironmentRuleHits,
} from '../../src/domain/demo/seed-demo.ts';
import { addHits, loadBatchRules } from '../../src/domain/ingest/ingest-batch.ts';
import { COLUMN_NAMES, requestValues } from '../../src/domain/ingest/store-requests.ts';
import { addRollupsFromRows } from './rollups-from-rows.ts';

const SLICE = 20_000;

export interface BulkSeedTimes {
  /** Generating, masking and COPYing the Request rows. */
  rowsSeconds: number;
  /** Building the rollup tables from them. */
  rollupsSeconds: number;
}

/**
 * Grows the demo traffic from `stored` to `options.requests` requests for a benchmark, holding what the
 * demo seeding (seedDemoTraffic: the same records through the same rules, stored by storeRequests) would:
 * the same Request rows, rule hits and rollup tables (test/bench/bulk-seed.test.ts compares them). It is
 * faster because it does the work per table instead of per batch: Request rows go in by COPY alone, and the
 * rollups are built afterwards from the stored rows in a few set-based statements (rollups-from-rows.ts)
 * instead of an upsert of every touched cell in each batch, which was most of the seeding time (measured:
 * COPY 33 µs a row on PostgreSQL, storeRequests 160 µs with batches of 5,000). The rows are new requests
 * of the plan: a rerun over stored ones fails on their unique publicId rather than skipping them.
 */
export async function bulkSeedDemo(
  db: Database,
  kind: DatabaseKind,
  account: DemoAccount,
  options: DemoOptions,
  stored: number,
): Promise<BulkSeedTimes> {
  const plan = { ...options, ...account };
  const rules = await loadBatchRules(db, account.accountId);
  const lastId = async () =>
    BigInt((await db.sql.query<{ id: string }>('SELECT coalesce(max(id), 0)::text AS id FROM "Request"'))[0]!.id);
  const before = await lastId();
  const hits: EnvironmentRuleHits = new Map();
  const size = options.requests;
  const progress = createProgress(`${kind}: bulk seeding to ${size.toLocaleString('en-US')} requests`);
  const started = performance.now();
  let next = stored;
  let done = 0;
  // On PostgreSQL one slice is generated here while the server loads the other; PGlite runs in this thread.
  const runners = kind === 'postgres' ? 2 : 1;
  await Promise.all(
    Array.from({ length: runners }, async () => {
      while (next < size) {
        const start = next;
        const end = Math.min(start + SLICE, size);
        next = end;
        let rows = '';
        for (let index = start; index < end; index++) {
          const { record, place, exclusion, redaction } = throughRules(plan, index, rules);
          if (record !== null) rows += copyRow(requestValues(record));
          countHit(hits, place, 'exclusion', exclusion);
          countHit(hits, place, 'redaction', redaction);
        }
        await db.sql.copyRows('Request', COLUMN_NAMES, rows);
        done += end - start;
        progress.update(done, size - stored);
      }
    }),
  );
  const rowsSeconds = (performance.now() - started) / 1000;
  const after = await lastId();
  await db.sql.transaction(async (tx) => {
    for (const [environmentId, { exclusion, redaction }] of hits) {
      await addHits(tx, 'ExclusionRule', environmentId, exclusion);
      await addHits(tx, 'RedactionRule', environmentId, redaction);
    }
    await addRollupsFromRows(tx, before, after);
  });
  await db.noteBulkWrite(Number(after - before));
  return { rowsSeconds, rollupsSeconds: (performance.now() - started) / 1000 - rowsSeconds };
}
