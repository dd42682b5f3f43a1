import { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import pg from 'pg';
import { from as copyFrom } from 'pg-copy-streams';
import { runPurge } from '../../src/domain/retention/run-purge.ts';
import { createAccount } from '../helpers/fixtures.ts';
import { benchDatabase, median } from './bench-database.ts';

const DAY_MS = 86_400_000;
const COLUMNS = [
  'publicId',
  'accountId',
  'environmentId',
  'bucketId',
  'timestamp',
  'method',
  'url',
  'host',
  'path',
  'route',
  'status',
  'durationMs',
  'requestHeaders',
  'responseHeaders',
  'responseSize',
  'userAgent',
  'clientIp',
];

export interface ReadsDuring {
  count: number;
  medianMs: number;
  maxMs: number;
}

export interface PartitionBenchResult {
  rows: number;
  copySeconds: number;
  deleteSeconds: number;
  deleteBatches: number;
  readsDuringDelete: ReadsDuring;
  dropMs: number;
  readsDuringDrop: ReadsDuring;
  readsIdle: ReadsDuring;
}

/** `rows` demo-shaped COPY lines spread over the day that starts at `dayStart`, ids prefixed so runs do not collide. */
function* copyLines(
  prefix: string,
  rows: number,
  dayStart: number,
  ids: { accountId: string; environmentId: string; bucketIds: string[] },
): Generator<string> {
  const routes = ['/v1/charges', '/v1/charges/:id', '/api/users/:id', '/search', '/webhooks/stripe'];
  let chunk = '';
  for (let i = 0; i < rows; i++) {
    const route = routes[i % routes.length]!;
    const path = route.replace(':id', `usr_${i.toString(16)}`);
    const status = i % 50 === 0 ? 503 : i % 17 === 0 ? 404 : 200;
    const timestamp = new Date(dayStart + Math.floor((i / rows) * DAY_MS)).toISOString();
    chunk += `${[`${prefix}${i}`, ids.accountId, ids.environmentId, ids.bucketIds[i % ids.bucketIds.length], timestamp, i % 3 ? 'GET' : 'POST', `https://api.example.com${path}`, 'api.example.com', path, route, status, 5 + (i % 400), '{"accept":"application/json"}', '{"content-type":"application/json"}', 120 + (i % 900), 'bench/1.0', `10.0.${(i >> 8) & 255}.${i & 255}`].join('\t')}\n`;
    if ((i + 1) % 10_000 === 0) {
      yield chunk;
      chunk = '';
    }
  }
  if (chunk) yield chunk;
}

/** Counts the last hour of one environment every 20 ms until `work` settles: what the work makes readers wait. */
async function readWhile<T>(
  client: pg.Client,
  table: string,
  environmentId: string,
  work: () => Promise<T>,
): Promise<{ result: T; reads: ReadsDuring }> {
  const times: number[] = [];
  let running = true;
  const reader = (async () => {
    while (running) {
      const started = performance.now();
      await client.query(
        `SELECT count(*) FROM "${table}" WHERE "environmentId" = $1 AND "timestamp" >= now() - interval '1 hour'`,
        [environmentId],
      );
      times.push(performance.now() - started);
      await new Promise((resolve) => setTimeout(resolve, 20));
    }
  })();
  try {
    return { result: await work(), reads: { count: times.length, medianMs: median(times), maxMs: Math.max(...times) } };
  } finally {
    running = false;
    await reader;
  }
}

/**
 * PostgreSQL only. One expired day of `rows` requests, loaded by COPY twice: into the real Request table,
 * purged by runPurge (5,000-row batched DELETEs, what the server does), and into a copy of it partitioned
 * by day, where the same day goes by DROP TABLE of its partition. A reader counts recent traffic during both.
 */
export async function benchPurgeVersusPartitions(rows: number): Promise<PartitionBenchResult> {
  const { db, url, dispose } = await benchDatabase('postgres');
  const reader = new pg.Client({ connectionString: url! });
  const loader = new pg.Client({ connectionString: url! });
  await reader.connect();
  await loader.connect();
  try {
    const account = await createAccount(db, 'partition-bench', ['production'], ['payments-api', 'users-api']);
    const ids = {
      accountId: account.accountId,
      environmentId: account.environments.production!,
      bucketIds: Object.values(account.buckets),
    };
    const now = Date.now();
    const expiredDayStart = Math.floor((now - 100 * DAY_MS) / DAY_MS) * DAY_MS;
    const copy = async (table: string, prefix: string, count: number, dayStart: number) =>
      pipeline(
        Readable.from(copyLines(prefix, count, dayStart, ids)),
        loader.query(copyFrom(`COPY "${table}" (${COLUMNS.map((c) => `"${c}"`).join(', ')}) FROM STDIN`)),
      );

    const copyStarted = performance.now();
    await copy('Request', 'old_', rows, expiredDayStart);
    const copySeconds = (performance.now() - copyStarted) / 1000;
    await copy('Request', 'new_', 5000, now - DAY_MS);
    await loader.query('VACUUM ANALYZE "Request"');

    // The partitioned twin: same columns and the same non-unique indexes (a unique publicId would have to
    // include the timestamp on a partitioned table), one partition per day.
    const day = (ms: number) => new Date(ms).toISOString().slice(0, 10);
    const todayStart = Math.floor(now / DAY_MS) * DAY_MS;
    await loader.query(
      `CREATE TABLE "RequestByDay" (LIKE "Request" INCLUDING DEFAULTS) PARTITION BY RANGE ("timestamp")`,
    );
    await loader.query(`CREATE INDEX ON "RequestByDay" ("environmentId", "timestamp" DESC, "id" DESC)`);
    await loader.query(`CREATE INDEX ON "RequestByDay" ("environmentId", "bucketId", "timestamp" DESC, "id" DESC)`);
    await loader.query(`CREATE INDEX ON "RequestByDay" ("environmentId", "status", "timestamp" DESC)`);
    await loader.query(
      `CREATE TABLE "RequestByDay_expired" PARTITION OF "RequestByDay" FOR VALUES FROM ('${day(expiredDayStart)}') TO ('${day(expiredDayStart + DAY_MS)}')`,
    );
    await loader.query(
      `CREATE TABLE "RequestByDay_recent" PARTITION OF "RequestByDay" FOR VALUES FROM ('${day(todayStart - 2 * DAY_MS)}') TO ('${day(todayStart + 2 * DAY_MS)}')`,
    );
    await copy('RequestByDay', 'old_', rows, expiredDayStart);
    await copy('RequestByDay', 'new_', 5000, now - DAY_MS);
    await loader.query('VACUUM ANALYZE "RequestByDay"');

    const idle = await readWhile(
      reader,
      'Request',
      ids.environmentId,
      () => new Promise((resolve) => setTimeout(resolve, 2000)),
    );
    const purge = await readWhile(reader, 'Request', ids.environmentId, () =>
      runPurge(db, { rawDays: 90, rollupDays: 400 }, new Date()),
    );
    if (!purge.result.ran) throw new Error('purge did not run');
    const deleted = purge.result.deleted.find((t) => t.table === 'Request')!.rows;
    if (deleted !== rows) throw new Error(`purge deleted ${deleted} of ${rows} rows`);

    const drop = await readWhile(reader, 'RequestByDay', ids.environmentId, async () => {
      const started = performance.now();
      await loader.query('DROP TABLE "RequestByDay_expired"');
      return performance.now() - started;
    });
    const left = await loader.query<{ n: string }>(
      `SELECT count(*) AS n FROM "RequestByDay" WHERE "timestamp" < now() - interval '90 days'`,
    );
    if (Number(left.rows[0]!.n) !== 0) throw new Error('the dropped partition left rows behind');

    return {
      rows,
      copySeconds,
      deleteSeconds: purge.result.durationMs / 1000,
      deleteBatches: purge.result.batches,
      readsDuringDelete: purge.reads,
      dropMs: drop.result,
      readsDuringDrop: drop.reads,
      readsIdle: idle.reads,
    };
  } finally {
    await reader.end();
    await loader.end();
    await dispose();
  }
}
