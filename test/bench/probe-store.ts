// Probe: `tsx test/bench/probe-store.ts <postgres|pglite> [records] [writers]` times storeRequests alone
// (no validation, rules or sanitizing) for batches of 500 demo records, to separate what the database
// costs from what the capture pipeline costs. Needs DATABASE_URL for postgres.
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { openDatabase } from '../../src/db/database.ts';
import type { SqlClient } from '../../src/db/sql-client.ts';
import { storeRequests } from '../../src/domain/ingest/store-requests.ts';
import { createPostgresDatabase } from '../helpers/databases.ts';
import { createStoreTarget, demoRecordsFor, measureStore } from './store-throughput.ts';

const kind = process.argv[2] ?? 'postgres';
const total = Number(process.argv[3] ?? 50_000);
const writers = Number(process.argv[4] ?? 1);

const server = kind === 'postgres' ? await createPostgresDatabase() : null;
const dataDir = await mkdtemp(path.join(tmpdir(), 'probe-store-'));
const db = await openDatabase({ databaseUrl: server?.url, dataDir });
try {
  await db.migrate();
  const target = await createStoreTarget(db, 'probe');
  const records = demoRecordsFor(target, total, 1);
  const { perSecond, batchMedianMs } = await measureStore(db, records, writers);
  console.log(
    `${kind}, ${writers} writer(s): ${total} records, ${perSecond.toFixed(0)}/s, batch median ${batchMedianMs.toFixed(1)} ms`,
  );
  if (process.env.EXPLAIN) {
    // One more batch with its SQL statements under EXPLAIN ANALYZE (COPY and savepoints cannot be explained
    // and run as they are), inside the transaction storeRequests opens.
    const extra = demoRecordsFor(target, 500, 2);
    await db.sql.transaction(async (tx) => {
      const explaining: SqlClient = {
        ...tx,
        transaction: (work) => work(explaining),
        query: async <Row extends Record<string, unknown>>(text: string, params?: readonly unknown[]) => {
          if (!/^\s*(WITH|INSERT)\b/i.test(text)) return tx.query<Row>(text, params);
          const lines = await tx.query<{ 'QUERY PLAN': string }>(`EXPLAIN (ANALYZE) ${text}`, params);
          console.log(lines.map((row) => row['QUERY PLAN']).join('\n'));
          return [] as Row[];
        },
      };
      await storeRequests(explaining, extra);
    });
  }
} finally {
  await db.close();
  await server?.drop();
  await rm(dataDir, { recursive: true, force: true });
}
