// Probe: `tsx test/bench/probe-route-rollups.ts <postgres|pglite> [batches]` shows where route rollups'
// ingest cost goes: the in-process folding of a 500-record batch with and without routes, the rollup
// statement's time with and without its route CTEs, prepared and unnamed (four variants in turn, after
// 20,000 records warmed the tables), and, with EXPLAIN=1, one batch of each under EXPLAIN (ANALYZE, BUFFERS). Needs DATABASE_URL for postgres.
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { openDatabase } from '../../src/db/database.ts';
import type { QueryOptions, SqlClient } from '../../src/db/sql-client.ts';
import { rollupDeltas } from '../../src/domain/ingest/rollup-deltas.ts';
import { storeRequests } from '../../src/domain/ingest/store-requests.ts';
import { createPostgresDatabase } from '../helpers/databases.ts';
import { median } from './bench-database.ts';
import { createStoreTarget, demoRecordsFor, measureStore } from './store-throughput.ts';

const kind = process.argv[2] ?? 'postgres';
const batches = Number(process.argv[3] ?? 80);
const BATCH = 500;

const server = kind === 'postgres' ? await createPostgresDatabase() : null;
const dataDir = await mkdtemp(path.join(tmpdir(), 'probe-route-rollups-'));
const db = await openDatabase({ databaseUrl: server?.url, dataDir });
try {
  await db.migrate();
  const target = await createStoreTarget(db, 'probe');
  await measureStore(db, demoRecordsFor(target, 20_000, 1), 1);

  const records = demoRecordsFor(target, batches * BATCH, 2);
  const slices = Array.from({ length: batches }, (_, i) => records.slice(i * BATCH, (i + 1) * BATCH));

  const foldMs = { with: [] as number[], without: [] as number[] };
  for (let round = 0; round < 5; round++)
    for (const slice of slices)
      for (const routes of [true, false]) {
        const start = performance.now();
        rollupDeltas(slice, { routes });
        foldMs[routes ? 'with' : 'without'].push(performance.now() - start);
      }
  const sizes = rollupDeltas(slices[0]!);
  const bins = sizes.routes.reduce((n, r) => n + r.counts.length, 0);
  console.log(
    `${kind}: a batch of ${BATCH} adds ${sizes.rollups.length} rollup, ${sizes.histograms.length} histogram, ${sizes.errors.length} error and ${sizes.routes.length} route rows (${bins} route bins); ` +
      `folding median ${median(foldMs.with).toFixed(2)} ms with routes, ${median(foldMs.without).toFixed(2)} ms without`,
  );

  // Times the rollup statement (the one WITH ... statement) of each batch, in turn with and without route CTEs,
  // and prepared (as stored) or sent unnamed (its prepareAs dropped), so each pair is measured under the same load.
  const variants = [
    { label: 'with routes, prepared', routeRollups: true, prepared: true },
    { label: 'without routes, prepared', routeRollups: false, prepared: true },
    { label: 'with routes, unnamed', routeRollups: true, prepared: false },
    { label: 'without routes, unnamed', routeRollups: false, prepared: false },
  ];
  const statementMs = variants.map(() => [] as number[]);
  const batchMs = variants.map(() => [] as number[]);
  for (const [i, slice] of slices.entries()) {
    const v = i % variants.length;
    const { routeRollups, prepared } = variants[v]!;
    const start = performance.now();
    await db.sql.transaction(async (tx) => {
      const timing: SqlClient = {
        ...tx,
        transaction: (work) => work(timing),
        query: async <Row extends Record<string, unknown>>(
          text: string,
          params?: readonly unknown[],
          options?: QueryOptions,
        ) => {
          if (!/^\s*WITH\b/i.test(text)) return tx.query<Row>(text, params, options);
          const t = performance.now();
          const rows = await tx.query<Row>(text, params, prepared ? options : {});
          statementMs[v]!.push(performance.now() - t);
          return rows;
        },
      };
      await storeRequests(timing, slice, { routeRollups });
    });
    batchMs[v]!.push(performance.now() - start);
  }
  for (const [v, { label }] of variants.entries())
    console.log(
      `${label}: rollup statement median ${median(statementMs[v]!).toFixed(2)} ms, whole batch median ${median(batchMs[v]!).toFixed(2)} ms (${statementMs[v]!.length} batches)`,
    );

  await new Promise((resolve) => setTimeout(resolve, 1500)); // the statistics collector's flush delay
  const [updates] = await db.sql.query<{ table: string; updates: string; hot: string }>(
    `SELECT relname AS table, n_tup_upd::text AS updates, n_tup_hot_upd::text AS hot FROM pg_stat_user_tables WHERE relname = 'RouteRollup'`,
  );
  if (updates) console.log(`RouteRollup updates ${updates.updates}, of which HOT ${updates.hot}`);

  if (process.env.EXPLAIN) {
    const extra = demoRecordsFor(target, batches * BATCH, 3);
    for (const routeRollups of [true, false])
      await db.sql.transaction(async (tx) => {
        const explaining: SqlClient = {
          ...tx,
          transaction: (work) => work(explaining),
          query: async <Row extends Record<string, unknown>>(text: string, params?: readonly unknown[]) => {
            if (!/^\s*WITH\b/i.test(text)) return tx.query<Row>(text, params);
            const lines = await tx.query<{ 'QUERY PLAN': string }>(`EXPLAIN (ANALYZE, BUFFERS) ${text}`, params);
            console.log(`--- ${routeRollups ? 'with' : 'without'} route rollups`);
            console.log(lines.map((row) => row['QUERY PLAN']).join('\n'));
            return [] as Row[];
          },
        };
        await storeRequests(explaining, extra.slice(routeRollups ? 0 : BATCH, routeRollups ? BATCH : 2 * BATCH), {
          routeRollups,
        });
      });
  }
} finally {
  await db.close();
  await server?.drop();
  await rm(dataDir, { recursive: true, force: true });
}
