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
import { pairedRatios, type PairedRatios } from './paired-ratios.ts';

export interface OtlpBenchResult {
  kind: DatabaseKind;
  records: number;
  /** Pairs of halves, one path each, back to back. */
  pairs: number;
  /** Medians over the pairs' halves. */
  jsonPerSecond: number;
  otlpPerSecond: number;
  /** COPY of the same rows into an unindexed copy of Request, nothing else: the database's physical limit. */
  copyPerSecond: number;
  /** OTLP / JSON in each pair, in order. */
  otlpToJsonPerPair: number[];
  /** Their median, spread and 95% interval: what says whether OTLP at least as fast as JSON is shown. */
  otlpToJson: PairedRatios;
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
 * The fewest rows after which PGlite's statistics keeper runs ANALYZE (src/db/database.ts: a fifth of the
 * table, at least this many). The bench settles the statistics before a pair whenever the rows stored since
 * it last did could reach it within the pair, so no timed half ever meets that upkeep.
 */
const ANALYZE_EVERY_ROWS_AT_LEAST = 20_000;

/**
 * OTLP intake beside JSON ingest for the same requests, over HTTP, one batch of 512 at a time, and the
 * physical limit: COPY of the same rows into an unindexed table and nothing else. The records are sent in
 * `pairs` pairs of halves, one path a half, run back to back in ABBA order (JSON first in even pairs, OTLP
 * first in odd ones), so both halves of a pair meet the same table size and the same moment of load from the
 * rest of the machine, and neither path always runs first. Many short pairs, summarised by the median of
 * their ratios with its spread and a 95% interval, resolve a difference of a few percent where a few long
 * rounds did not (BENCHMARKS.md runs 37-41: six rounds spread 0.63-1.44). Before a pair that could cross
 * the statistics keeper's threshold the statistics are brought up to date outside the timing (an ANALYZE on
 * PGlite, nothing on PostgreSQL): that upkeep follows the rows stored, which both paths store alike, so it is
 * charged to neither.
 */
export async function benchOtlp(kind: DatabaseKind, records: number, pairs: number): Promise<OtlpBenchResult> {
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
    const perHalf = Math.ceil(records / pairs / BATCH) * BATCH;

    // The rows as the pipeline would store them, for the COPY limit: no index, no rollups, no rules.
    const target = {
      accountId: account.accountId,
      environmentId: account.environments.production!,
      allowedBucketIds: null,
    };
    const rules = await loadBatchRules(app.db, account.accountId);
    await app.db.sql.query('CREATE TABLE "CopyLimit" (LIKE "Request" INCLUDING DEFAULTS)');

    // Untimed warm-up, both paths alike: otherwise the first pair's first half (JSON) alone pays for the
    // process's first compilations of the shared pipeline, and that pair's ratio leans towards OTLP.
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
    let rowsSinceSettled = warmUp.length;

    const rates = { json: [] as number[], otlp: [] as number[], copy: [] as number[] };
    const upkeepMs: number[] = [];
    for (let pair = 0; pair < pairs; pair++) {
      const jsonBodies = slices(benchRequests(perHalf, 1 + 3 * pair)).map((batch) =>
        JSON.stringify(batch.map(jsonRecord)),
      );
      const otlpBodies = slices(benchRequests(perHalf, 2 + 3 * pair)).map(otlpExport);
      const copyTexts = slices(benchRequests(perHalf, 3 + 3 * pair).map(jsonRecord)).map((batch) =>
        prepareBatch(target, rules, batch, { maxRecords: BATCH, maxBodyBytes: 65_536 })
          .records.map((r) => copyRow(requestValues(r)))
          .join(''),
      );
      // Untimed: left to itself, the keeper's ANALYZE lands in whichever half crosses its threshold (JSON's,
      // every run, with run 35's schedule). Settled before any pair that could cross it, no half does.
      if (pair === 0 || rowsSinceSettled + 2 * perHalf >= ANALYZE_EVERY_ROWS_AT_LEAST) {
        const started = performance.now();
        await app.db.refreshStatistics();
        upkeepMs.push(performance.now() - started);
        rowsSinceSettled = 0;
      }
      const runJson = async () => {
        rates.json.push(perHalf / (await postAll(jsonBodies, `${app.url}/api/v1/ingest`, token, 'application/json')));
      };
      const runOtlp = async () => {
        rates.otlp.push(perHalf / (await postAll(otlpBodies, `${app.url}/v1/traces`, token, 'application/x-protobuf')));
      };
      if (pair % 2 === 0) {
        await runJson();
        await runOtlp();
      } else {
        await runOtlp();
        await runJson();
      }
      rowsSinceSettled += 2 * perHalf;
      const started = performance.now();
      for (const text of copyTexts) await app.db.sql.copyRows('CopyLimit', COLUMN_NAMES, text);
      rates.copy.push(perHalf / ((performance.now() - started) / 1000));
      if ((pair + 1) % 10 === 0 || pair + 1 === pairs) {
        const from = Math.max(0, pair - 9);
        const recent = rates.otlp.slice(from).map((otlp, i) => (otlp / rates.json[from + i]!).toFixed(2));
        const settledMs = upkeepMs.reduce((sum, ms) => sum + ms, 0);
        console.log(
          `${kind}: pair ${pair + 1}/${pairs}, ${perHalf} records a half, OTLP / JSON of pairs ${from + 1}-${pair + 1}: ${recent.join(', ')}; statistics settled ${upkeepMs.length} times, ${settledMs.toFixed(0)} ms (untimed)`,
        );
      }
    }
    await app.db.sql.query('DROP TABLE "CopyLimit"');

    const ratios = rates.otlp.map((otlp, i) => otlp / rates.json[i]!);
    return {
      kind,
      records: perHalf * pairs,
      pairs,
      jsonPerSecond: median(rates.json),
      otlpPerSecond: median(rates.otlp),
      copyPerSecond: median(rates.copy),
      otlpToJsonPerPair: ratios,
      otlpToJson: pairedRatios(ratios),
    };
  } finally {
    await app.dispose();
    await database?.drop();
  }
}
