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
  rounds: number;
  /** Medians over the rounds. */
  jsonPerSecond: number;
  otlpPerSecond: number;
  /** COPY of the same rows into an unindexed copy of Request, nothing else: the database's physical limit. */
  copyPerSecond: number;
  /** OTLP / JSON in each round, in order, to show the spread the medians hide. */
  otlpToJsonPerRound: number[];
}

/** The SDK's batch span processor sends at most 512 spans an export. */
const BATCH = 512;
const WARM_UP_BATCHES = 4;
const METHODS = ['GET', 'GET', 'GET', 'POST', 'PUT', 'DELETE'];
const ROUTES = ['/orders/:id', '/users/:id/cart', '/search', '/catalog/:slug'];

export interface BenchRequest {
  traceId: string;
  spanId: string;
  method: string;
  path: string;
  route: string;
  status: number;
  startNs: bigint;
  durationNs: bigint;
}

export function benchRequests(count: number, seed: number): BenchRequest[] {
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
export function jsonRecord(r: BenchRequest) {
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
export function otlpExport(requests: readonly BenchRequest[]): Uint8Array {
  const text = (key: string, value: string) => ({ key, value: { stringValue: value } });
  const spans = requests.map((r) => ({
    traceId: Buffer.from(r.traceId, 'hex'),
    spanId: Buffer.from(r.spanId, 'hex'),
    name: `${r.method} ${r.route}`,
    kind: 2,
    startTimeUnixNano: String(r.startNs),
    endTimeUnixNano: String(r.startNs + r.durationNs),
    attributes: [
      text('http.request.method', r.method),
      text('url.scheme', 'http'),
      text('server.address', 'api.example.com'),
      text('url.path', r.path),
      text('http.route', r.route),
      { key: 'http.response.status_code', value: { intValue: r.status } },
      text('user_agent.original', USER_AGENT),
      text('client.address', '10.0.0.7'),
    ],
  }));
  const message = {
    resourceSpans: [
      {
        resource: { attributes: [text('service.name', 'checkout'), text('deployment.environment.name', 'production')] },
        scopeSpans: [{ spans }],
      },
    ],
  };
  return ExportTraceServiceRequest.encode(ExportTraceServiceRequest.fromObject(message)).finish();
}

async function postAll(
  bodies: readonly (string | Uint8Array)[],
  url: string,
  token: string,
  contentType: string,
): Promise<number> {
  const { seconds } = await inFlight(bodies, 1, 1, async ([body]) => {
    const response = await fetch(url, {
      method: 'POST',
      headers: { authorization: `Bearer ${token}`, 'content-type': contentType },
      body: body! as BodyInit,
    });
    const text = await response.text();
    if (response.status !== 200 || (contentType === 'application/json' && text.includes('rejected":[{')))
      throw new Error(`${url} answered ${response.status}: ${text.slice(0, 300)}`);
  });
  return seconds;
}

const median = (values: readonly number[]) => {
  const sorted = [...values].sort((a, b) => a - b);
  const middle = Math.floor(sorted.length / 2);
  return sorted.length % 2 === 1 ? sorted[middle]! : (sorted[middle - 1]! + sorted[middle]!) / 2;
};

/**
 * OTLP intake beside JSON ingest for the same requests, over HTTP, one batch of 512 at a time, and the
 * physical limit: COPY of the same rows into an unindexed table and nothing else. The records are sent in
 * `rounds` rounds, each path in turn and the order swapped every round, so both paths meet the same table
 * size and the same moments of load from the rest of the machine; the figures are the medians of the rounds.
 * Before each timed half the database's statistics are brought up to date outside the timing (an ANALYZE on
 * PGlite, nothing on PostgreSQL), so each half starts a whole threshold from the next one and meets none:
 * that upkeep follows the rows stored, which both paths store alike, so it is charged to neither.
 */
export async function benchOtlp(kind: DatabaseKind, records: number, rounds: number): Promise<OtlpBenchResult> {
  const database = kind === 'postgres' ? await createPostgresDatabase() : null;
  // The per-token ingest budget (60,000 records a minute by default) would refuse a bench that outruns it.
  const app = await startTestApp({
    RATE_LIMIT_INGEST_RECORDS_PER_MINUTE: '0',
    ...(database ? { DATABASE_URL: database.url } : {}),
  });
  try {
    const account = await createAccount(app.db, 'otlp-bench', ['production'], ['checkout']);
    const token = (await createToken(app.db, account, { environment: 'production', scopes: ['traffic:write'] })).secret;
    const slices = <T>(items: readonly T[]) =>
      Array.from({ length: Math.ceil(items.length / BATCH) }, (_, i) => items.slice(i * BATCH, (i + 1) * BATCH));
    const perRound = Math.ceil(records / rounds / BATCH) * BATCH;

    // The rows as the pipeline would store them, for the COPY limit: no index, no rollups, no rules.
    const target = {
      accountId: account.accountId,
      environmentId: account.environments.production!,
      allowedBucketIds: null,
    };
    const rules = await loadBatchRules(app.db, account.accountId);
    await app.db.sql.query('CREATE TABLE "CopyLimit" (LIKE "Request" INCLUDING DEFAULTS)');

    // Untimed warm-up, both paths alike: otherwise round 1's first half (JSON) alone pays for the process's
    // first compilations of the shared pipeline, and that round's ratio leans towards OTLP.
    const warmUp = benchRequests(WARM_UP_BATCHES * BATCH * 2, 0);
    await postAll(
      slices(warmUp.slice(0, WARM_UP_BATCHES * BATCH)).map((batch) => JSON.stringify(batch.map(jsonRecord))),
      `${app.url}/api/v1/ingest`,
      token,
      'application/json',
    );
    await postAll(
      slices(warmUp.slice(WARM_UP_BATCHES * BATCH)).map(otlpExport),
      `${app.url}/v1/traces`,
      token,
      'application/x-protobuf',
    );

    const rates = { json: [] as number[], otlp: [] as number[], copy: [] as number[] };
    const upkeepMs: number[] = [];
    for (let round = 0; round < rounds; round++) {
      const jsonBodies = slices(benchRequests(perRound, 1 + 3 * round)).map((batch) =>
        JSON.stringify(batch.map(jsonRecord)),
      );
      const otlpBodies = slices(benchRequests(perRound, 2 + 3 * round)).map(otlpExport);
      const copyTexts = slices(benchRequests(perRound, 3 + 3 * round).map(jsonRecord)).map((batch) =>
        prepareBatch(target, rules, batch, { maxRecords: BATCH, maxBodyBytes: 65_536 })
          .records.map((r) => copyRow(requestValues(r)))
          .join(''),
      );
      // Untimed, before each half: the statistics keeper's ANALYZE (PGlite) comes after every 20,000 stored
      // rows; left to itself it lands in whichever half crosses the line (JSON's, every run, at 5,120 a half).
      // Settled here, neither half crosses a line, so neither is charged for upkeep both paths' rows cause.
      const settleStatistics = async () => {
        const started = performance.now();
        await app.db.refreshStatistics();
        upkeepMs.push(performance.now() - started);
      };
      const runJson = async () => {
        await settleStatistics();
        rates.json.push(perRound / (await postAll(jsonBodies, `${app.url}/api/v1/ingest`, token, 'application/json')));
      };
      const runOtlp = async () => {
        await settleStatistics();
        rates.otlp.push(
          perRound / (await postAll(otlpBodies, `${app.url}/v1/traces`, token, 'application/x-protobuf')),
        );
      };
      if (round % 2 === 0) {
        await runJson();
        await runOtlp();
      } else {
        await runOtlp();
        await runJson();
      }
      const started = performance.now();
      for (const text of copyTexts) await app.db.sql.copyRows('CopyLimit', COLUMN_NAMES, text);
      rates.copy.push(perRound / ((performance.now() - started) / 1000));
      console.log(
        `${kind}: round ${round + 1}/${rounds}, ${perRound} records each: JSON ${rates.json.at(-1)!.toFixed(0)}/s, OTLP ${rates.otlp.at(-1)!.toFixed(0)}/s, COPY ${rates.copy.at(-1)!.toFixed(0)}/s, statistics settled in ${upkeepMs
          .slice(-2)
          .map((ms) => ms.toFixed(0))
          .join(' + ')} ms (untimed)`,
      );
    }
    await app.db.sql.query('DROP TABLE "CopyLimit"');

    const ratios = rates.otlp.map((otlp, i) => otlp / rates.json[i]!);
    return {
      kind,
      records: perRound * rounds,
      rounds,
      jsonPerSecond: median(rates.json),
      otlpPerSecond: median(rates.otlp),
      copyPerSecond: median(rates.copy),
      otlpToJsonPerRound: ratios,
    };
  } finally {
    await app.dispose();
    await database?.drop();
  }
}
