import type { DatabaseKind } from '../../src/db/database.ts';
import { ingestBatch, loadBatchRules } from '../../src/domain/ingest/ingest-batch.ts';
import { prepareBatch } from '../../src/domain/ingest/prepare-batch.ts';
import { createProgress } from '../../src/cli/progress.ts';
import { startTestApp } from '../helpers/app-server.ts';
import { createPostgresDatabase } from '../helpers/databases.ts';
import { createAccount, createToken, type TestAccount } from '../helpers/fixtures.ts';
import { demoRecordsFor, measureStore } from './store-throughput.ts';

export interface IngestBenchResult {
  kind: DatabaseKind;
  records: number;
  pipelinePerSecond: number;
  /** prepareBatch alone (validation, rules, sanitizer; no database), microseconds per record. */
  prepareMicros: number;
  httpPerSecond: number;
  /** storeRequests alone on prepared records, 1 and 4 batches in flight: the database's own ceiling. */
  storeOnePerSecond: number;
  storeFourPerSecond: number;
}

const BATCH = 500;

/** Demo-shaped records in the wire format capture agents send (snake_case, names for buckets). */
function wireRecords(account: TestAccount, count: number, seed: number) {
  const names = Object.keys(account.buckets);
  // Bucket names stand in for ids: the wire format names buckets.
  return demoRecordsFor({ accountId: account.accountId, environmentId: 'p', bucketIds: [names[0]!, names[1]!] }, count, seed).map((r, i) => ({
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
      await app.db.prisma.exclusionRule.create({ data: { accountId: account.accountId, name: `exclude ${i}`, pathPattern: `/never-${i}/*`, ...(i % 2 ? { userAgentContains: `probe-${i}` } : {}) } });
      await app.db.prisma.redactionRule.create({
        data: {
          accountId: account.accountId,
          name: `redact ${i}`,
          target: (['header', 'query_param', 'body_field', 'body_pattern'] as const)[i % 4]!,
          selector: ['authorization', 'api_key', 'customer', 'cus_[0-9a-f]+', 'cookie', 'token', 'card.number', 'usr_[0-9a-f]+', 'x-request-id', 'q'][i]!,
          maskStyle: (['placeholder', 'partial', 'hash'] as const)[i % 3]!,
        },
      });
    }
    const target = { accountId: account.accountId, environmentId: account.environments.production!, allowedBucketIds: null };
    const direct = wireRecords(account, records, 1);
    const progress = createProgress(`${kind}: ingest pipeline`);
    let started = performance.now();
    for (let i = 0; i < direct.length; i += BATCH) {
      await ingestBatch(app.db, target, direct.slice(i, i + BATCH), { maxRecords: BATCH, maxBodyBytes: 65_536 });
      progress.update(Math.min(i + BATCH, direct.length), direct.length);
    }
    const pipelinePerSecond = records / ((performance.now() - started) / 1000);

    const rules = await loadBatchRules(app.db, account.accountId);
    started = performance.now();
    for (let i = 0; i < direct.length; i += BATCH) prepareBatch(target, rules, direct.slice(i, i + BATCH), { maxRecords: BATCH, maxBodyBytes: 65_536 });
    const prepareMicros = ((performance.now() - started) * 1000) / records;

    const token = (await createToken(app.db, account, { environment: 'production', scopes: ['traffic:write'] })).secret;
    const overHttp = wireRecords(account, records, 2);
    const batches = Array.from({ length: Math.ceil(overHttp.length / BATCH) }, (_, i) => JSON.stringify(overHttp.slice(i * BATCH, (i + 1) * BATCH)));
    const httpProgress = createProgress(`${kind}: ingest over HTTP, 4 senders`);
    let next = 0;
    let done = 0;
    started = performance.now();
    await Promise.all(
      Array.from({ length: 4 }, async () => {
        while (next < batches.length) {
          const body = batches[next++]!;
          const response = await fetch(`${app.url}/api/v1/ingest`, { method: 'POST', headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' }, body });
          if (response.status !== 200) throw new Error(`ingest answered ${response.status}: ${await response.text()}`);
          await response.json();
          done += BATCH;
          httpProgress.update(Math.min(done, records), records);
        }
      }),
    );
    const httpPerSecond = records / ((performance.now() - started) / 1000);

    const [a, b] = Object.values(account.buckets);
    const storeTarget = { accountId: account.accountId, environmentId: account.environments.production!, bucketIds: [a!, b!] as const };
    console.log(`${kind}: database alone, 1 and 4 writers`);
    const storeOne = await measureStore(app.db, demoRecordsFor(storeTarget, records, 3), 1);
    const storeFour = await measureStore(app.db, demoRecordsFor(storeTarget, records, 4), 4);
    return { kind, records, pipelinePerSecond, prepareMicros, httpPerSecond, storeOnePerSecond: storeOne.perSecond, storeFourPerSecond: storeFour.perSecond };
  } finally {
    await app.dispose();
    await database?.drop();
  }
}
