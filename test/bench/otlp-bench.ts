import { randomBytes } from 'node:crypto';
import type { DatabaseKind } from '../../src/db/database.ts';
import { copyRow } from '../../src/db/copy-text.ts';
import { loadBatchRules } from '../../src/domain/ingest/ingest-batch.ts';
import { prepareBatch } from '../../src/domain/ingest/prepare-batch.ts';
import { COLUMN_NAMES, requestValues } from '../../src/domain/ingest/store-requests.ts';
import { ExportTraceServiceRequest } from '../../src/domain/otlp/otlp-messages.ts';
import { startTestApp } from '../helpers/app-server.ts';
import { createPostgresDatabase } from '../helpers/databases.ts';
import { createAccount, createToken } from '../helpers/fixtures.ts';
import { inFlight } from './in-flight.ts';

export interface OtlpBenchResult {
  kind: DatabaseKind;
  records: number;
  jsonPerSecond: number;
  otlpPerSecond: number;
  /** COPY of the same rows into an unindexed copy of Request, nothing else: the database's physical limit. */
  copyPerSecond: number;
}

/** The SDK's batch span processor sends at most 512 spans an export. */
const BATCH = 512;
const METHODS = ['GET', 'GET', 'GET', 'POST', 'PUT', 'DELETE'];
const ROUTES = ['/orders/:id', '/users/:id/cart', '/search', '/catalog/:slug'];

interface BenchRequest {
  traceId: string;
  spanId: string;
  method: string;
  path: string;
  route: string;
  status: number;
  startNs: bigint;
  durationNs: bigint;
}

function benchRequests(count: number, seed: number): BenchRequest[] {
  const now = BigInt(Date.now()) * 1_000_000n;
  return Array.from({ length: count }, (_, i) => {
    const route = ROUTES[i % ROUTES.length]!;
    return {
      traceId: randomBytes(16).toString('hex'),
      spanId: randomBytes(8).toString('hex'),
      method: METHODS[i % METHODS.length]!,
      path: route.replace(':id', String(1000 + ((i * 7919 + seed) % 9000))).replace(':slug', `item-${i % 50}`),
      route,
      status: i % 23 === 0 ? 500 : i % 11 === 0 ? 404 : 200,
      startNs: now - BigInt(count - i) * 1_000_000n,
      durationNs: BigInt(2_000_000 + ((i * 104_729) % 80_000_000)),
    };
  });
}

const USER_AGENT = 'bench-client/1.0';

/** The JSON ingest record carrying what the span carries. */
function jsonRecord(r: BenchRequest) {
  return {
    id: `${r.traceId}-${r.spanId}`,
    bucket: 'checkout',
    method: r.method,
    url: `http://api.example.com${r.path}`,
    route: r.route,
    status: r.status,
    duration_ms: Number(r.durationNs) / 1e6,
    timestamp: new Date(Number(r.startNs / 1_000_000n)).toISOString(),
    user_agent: USER_AGENT,
    client_ip: '10.0.0.7',
  };
}

/** The same request as an SDK's HTTP server span (stable conventions), in an export of one resource. */
function otlpExport(requests: readonly BenchRequest[]): Uint8Array {
  const text = (key: string, value: string) => ({ key, value: { stringValue: value } });
  const spans = requests.map((r) => ({
    traceId: Buffer.from(r.traceId, 'hex'),
    spanId: Buffer.from(r.spanId, 'hex'),
    name: `${r.method} ${r.route}`,
    kind: 2,
    startTimeUnixNano: String(r.startNs),
    endTimeUnixNano: String(r.startNs + r.durationNs),
    attributes: [
      text('http.request.method', r.method), text('url.scheme', 'http'), text('server.address', 'api.example.com'), text('url.path', r.path),
      text('http.route', r.route), { key: 'http.response.status_code', value: { intValue: r.status } }, text('user_agent.original', USER_AGENT),
      text('client.address', '10.0.0.7'),
    ],
  }));
  const message = { resourceSpans: [{ resource: { attributes: [text('service.name', 'checkout'), text('deployment.environment.name', 'production')] }, scopeSpans: [{ spans }] }] };
  return ExportTraceServiceRequest.encode(ExportTraceServiceRequest.fromObject(message)).finish();
}

async function postAll(bodies: readonly (string | Uint8Array)[], url: string, token: string, contentType: string): Promise<number> {
  const { seconds } = await inFlight(bodies, 1, 1, async ([body]) => {
    const response = await fetch(url, { method: 'POST', headers: { authorization: `Bearer ${token}`, 'content-type': contentType }, body: body! as BodyInit });
    const text = await response.text();
    if (response.status !== 200 || (contentType === 'application/json' && text.includes('rejected":[{'))) throw new Error(`${url} answered ${response.status}: ${text.slice(0, 300)}`);
  });
  return seconds;
}

/**
 * OTLP intake beside JSON ingest for the same requests, over HTTP, one batch of 512 at a time, and the
 * physical limit: COPY of the same rows into an unindexed table and nothing else.
 */
export async function benchOtlp(kind: DatabaseKind, records: number): Promise<OtlpBenchResult> {
  const database = kind === 'postgres' ? await createPostgresDatabase() : null;
  const app = await startTestApp(database ? { DATABASE_URL: database.url } : {});
  try {
    const account = await createAccount(app.db, 'otlp-bench', ['production'], ['checkout']);
    const token = (await createToken(app.db, account, { environment: 'production', scopes: ['traffic:write'] })).secret;
    const slices = <T>(items: readonly T[]) => Array.from({ length: Math.ceil(items.length / BATCH) }, (_, i) => items.slice(i * BATCH, (i + 1) * BATCH));

    const jsonBodies = slices(benchRequests(records, 1)).map((batch) => JSON.stringify(batch.map(jsonRecord)));
    console.log(`${kind}: JSON ingest, ${jsonBodies.length} batches of ${BATCH}`);
    const jsonSeconds = await postAll(jsonBodies, `${app.url}/api/v1/ingest`, token, 'application/json');

    const otlpBodies = slices(benchRequests(records, 2)).map(otlpExport);
    console.log(`${kind}: OTLP intake, ${otlpBodies.length} exports of ${BATCH} spans`);
    const otlpSeconds = await postAll(otlpBodies, `${app.url}/v1/traces`, token, 'application/x-protobuf');

    // The rows as the pipeline would store them, copied with nothing else: no index, no rollups, no rules.
    const target = { accountId: account.accountId, environmentId: account.environments.production!, allowedBucketIds: null };
    const rules = await loadBatchRules(app.db, account.accountId);
    const copyTexts = slices(benchRequests(records, 3).map(jsonRecord)).map((batch) =>
      prepareBatch(target, rules, batch, { maxRecords: BATCH, maxBodyBytes: 65_536 }).records.map((r) => copyRow(requestValues(r))).join(''),
    );
    await app.db.sql.query('CREATE TABLE "CopyLimit" (LIKE "Request" INCLUDING DEFAULTS)');
    console.log(`${kind}: COPY into an unindexed table`);
    const started = performance.now();
    for (const text of copyTexts) await app.db.sql.copyRows('CopyLimit', COLUMN_NAMES, text);
    const copySeconds = (performance.now() - started) / 1000;
    await app.db.sql.query('DROP TABLE "CopyLimit"');

    return { kind, records, jsonPerSecond: records / jsonSeconds, otlpPerSecond: records / otlpSeconds, copyPerSecond: records / copySeconds };
  } finally {
    await app.dispose();
    await database?.drop();
  }
}
