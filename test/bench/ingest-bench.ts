import { fork } from 'node:child_process';
import type { DatabaseKind } from '../../src/db/database.ts';
import { ingestBatch, loadBatchRules } from '../../src/domain/ingest/ingest-batch.ts';
import { prepareBatch } from '../../src/domain/ingest/prepare-batch.ts';
import { createProgress } from '../../src/cli/progress.ts';
import { startTestApp } from '../helpers/app-server.ts';
import { createPostgresDatabase } from '../helpers/databases.ts';
import { createAccount, createToken, type TestAccount } from '../helpers/fixtures.ts';
import { inFlight } from './in-flight.ts';
import type { SendersInput, SendersMessage } from './ingest-senders.ts';
import { demoRecordsFor, measureStore } from './store-throughput.ts';

export interface IngestBenchResult {
  kind: DatabaseKind;
  records: number;
  pipelinePerSecond: number;
  /** The same with 4 batches in flight, so preparing one overlaps storing another. */
  pipelineFourPerSecond: number;
  /** prepareBatch alone (validation, rules, sanitizer; no database), microseconds per record. */
  prepareMicros: number;
  httpPerSecond: number;
  /** storeRequests alone on prepared records, 1 and 4 batches in flight: the database's own ceiling. */
  storeOnePerSecond: number;
  storeFourPerSecond: number;
}

const BATCH = 500;
const LIMITS = { maxRecords: BATCH, maxBodyBytes: 65_536 };

/** Records per second through ingestBatch with `batches` batches in flight. */
async function measurePipeline(
  label: string,
  run: (batch: unknown[]) => Promise<unknown>,
  records: readonly unknown[],
  batches: number,
): Promise<number> {
  const progress = createProgress(label);
  let done = 0;
  const { seconds } = await inFlight(records, BATCH, batches, async (batch) => {
    await run(batch);
    progress.update((done += batch.length), records.length);
  });
  return records.length / seconds;
}

/** Records per second POSTed by `senders` concurrent clients in another process. */
function measureHttp(label: string, input: SendersInput, records: number): Promise<number> {
  const progress = createProgress(label);
  let sent = 0;
  return new Promise((resolve, reject) => {
    const child = fork(new URL('./ingest-senders.ts', import.meta.url), { execArgv: ['--import', 'tsx'] });
    child.on('message', (message: SendersMessage) => {
      if ('sent' in message) progress.update(Math.min((sent += BATCH), records), records);
      else if ('seconds' in message) resolve(records / message.seconds);
      else reject(new Error(message.error));
    });
    child.on('error', reject);
    child.on('exit', (code) => code !== 0 && reject(new Error(`the senders' process exited with ${code}`)));
    child.send(input);
  });
}

/** Demo-shaped records in the wire format capture agents send (snake_case, names for buckets). */
function wireRecords(account: TestAccount, count: number, seed: number) {
  const names = Object.keys(account.buckets);
  // Bucket names stand in for ids: the wire format names buckets.
  return demoRecordsFor(
    { accountId: account.accountId, environmentId: 'p', bucketIds: [names[0]!, names[1]!] },
    count,
    seed,
  ).map((r, i) => ({
    id: `bench-${seed}-${i}`,
    bucket: r.bucketId,
    method: r.method,
    url: r.url,
    status: r.status,
    duration_ms: r.durationMs,
    timestamp: r.timestamp.toISOString(),
    request_headers: { ...r.requestHeaders, authorization: `Bearer tok_${i}`, cookie: `session=${i}` },
    request_body: r.requestBody,
    response_headers: r.responseHeaders,
    response_body: r.responseBody,
    client_ip: r.clientIp,
    user_agent: r.userAgent,
  }));
}

/** Records per second through the capture pipeline with 10 exclusion and 10 redaction rules active. */
export async function benchIngest(kind: DatabaseKind, records: number): Promise<IngestBenchResult> {
  const database = kind === 'postgres' ? await createPostgresDatabase() : null;
  const app = await startTestApp(database ? { DATABASE_URL: database.url } : {});
  try {
    const account = await createAccount(app.db, 'ingest-bench', ['production'], ['payments-api', 'users-api']);
    for (let i = 0; i < 10; i++) {
      await app.db.prisma.exclusionRule.create({
        data: {
          accountId: account.accountId,
          name: `exclude ${i}`,
          pathPattern: `/never-${i}/*`,
          ...(i % 2 ? { userAgentContains: `probe-${i}` } : {}),
        },
      });
      await app.db.prisma.redactionRule.create({
        data: {
          accountId: account.accountId,
          name: `redact ${i}`,
          target: (['header', 'query_param', 'body_field', 'body_pattern'] as const)[i % 4]!,
          selector: [
            'authorization',
            'api_key',
            'customer',
            'cus_[0-9a-f]+',
            'cookie',
            'token',
            'card.number',
            'usr_[0-9a-f]+',
            'x-request-id',
            'q',
          ][i]!,
          maskStyle: (['placeholder', 'partial', 'hash'] as const)[i % 3]!,
        },
      });
    }
    const target = {
      accountId: account.accountId,
      environmentId: account.environments.production!,
      allowedBucketIds: null,
    };
    const rules = await loadBatchRules(app.db, account.accountId);
    const prepareInput = wireRecords(account, records, 0);
    const started = performance.now();
    for (let i = 0; i < prepareInput.length; i += BATCH)
      prepareBatch(target, rules, prepareInput.slice(i, i + BATCH), LIMITS);
    const prepareMicros = ((performance.now() - started) * 1000) / records;

    const ingest = (batch: unknown[]) => ingestBatch(app.db, target, batch, LIMITS);
    const pipelinePerSecond = await measurePipeline(
      `${kind}: ingest pipeline, 1 batch at a time`,
      ingest,
      wireRecords(account, records, 1),
      1,
    );
    const pipelineFourPerSecond = await measurePipeline(
      `${kind}: ingest pipeline, 4 batches in flight`,
      ingest,
      wireRecords(account, records, 5),
      4,
    );

    const token = (await createToken(app.db, account, { environment: 'production', scopes: ['traffic:write'] })).secret;
    const overHttp = wireRecords(account, records, 2);
    const batches = Array.from({ length: Math.ceil(overHttp.length / BATCH) }, (_, i) =>
      JSON.stringify(overHttp.slice(i * BATCH, (i + 1) * BATCH)),
    );
    const httpPerSecond = await measureHttp(
      `${kind}: ingest over HTTP, 4 senders`,
      { url: app.url, token, batches, senders: 4 },
      records,
    );

    const [a, b] = Object.values(account.buckets);
    const storeTarget = {
      accountId: account.accountId,
      environmentId: account.environments.production!,
      bucketIds: [a!, b!] as const,
    };
    console.log(`${kind}: database alone, 1 and 4 writers`);
    const storeOne = await measureStore(app.db, demoRecordsFor(storeTarget, records, 3), 1);
    const storeFour = await measureStore(app.db, demoRecordsFor(storeTarget, records, 4), 4);
    return {
      kind,
      records,
      pipelinePerSecond,
      pipelineFourPerSecond,
      prepareMicros,
      httpPerSecond,
      storeOnePerSecond: storeOne.perSecond,
      storeFourPerSecond: storeFour.perSecond,
    };
  } finally {
    await app.dispose();
    await database?.drop();
  }
}
