import { randomBytes } from 'node:crypto';
import { gzipSync } from 'node:zlib';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  ExportTraceServiceRequest,
  ExportTraceServiceResponse,
  RpcStatus,
} from '../../src/domain/otlp/otlp-messages.ts';
import { startTestApp, TEST_ADMIN_TOKEN } from '../helpers/app-server.ts';
import { createPostgresDatabase, DATABASE_KINDS } from '../helpers/databases.ts';
import { createAccount, createToken, type TestAccount } from '../helpers/fixtures.ts';
import { postGraphQL } from '../helpers/server-process.ts';

const SERVER = 2;
const INTERNAL = 1;
type Attribute = { key: string; value: { stringValue: string } | { intValue: number } };
const text = (key: string, value: string): Attribute => ({ key, value: { stringValue: value } });
const int = (key: string, value: number): Attribute => ({ key, value: { intValue: value } });

/** One span in OTLP/JSON form (hex ids, nanosecond strings), with stable HTTP attributes. */
function span(overrides: { kind?: number; path?: string; status?: number | null; durationMs?: number } = {}) {
  const start = BigInt(Date.now() - 1000) * 1_000_000n;
  const attributes: Attribute[] = [
    text('http.request.method', 'GET'),
    text('url.scheme', 'https'),
    text('server.address', 'api.example.com'),
    text('url.path', overrides.path ?? '/items/1'),
  ];
  if (overrides.status !== null) attributes.push(int('http.response.status_code', overrides.status ?? 200));
  return {
    traceId: randomBytes(16).toString('hex'),
    spanId: randomBytes(8).toString('hex'),
    name: 'GET',
    kind: overrides.kind ?? SERVER,
    startTimeUnixNano: String(start),
    endTimeUnixNano: String(start + BigInt(Math.round((overrides.durationMs ?? 12.5) * 1e6))),
    attributes,
  };
}

function exportOf(resources: { attributes: Record<string, string>; spans: ReturnType<typeof span>[] }[]) {
  return {
    resourceSpans: resources.map((r) => ({
      resource: { attributes: Object.entries(r.attributes).map(([k, v]) => text(k, v)) },
      scopeSpans: [{ scope: { name: 'test' }, spans: r.spans }],
    })),
  };
}

/** The same export as protobuf, encoded by protobufjs from the official definitions. */
function protobufOf(json: ReturnType<typeof exportOf>): Buffer {
  const withBytes = structuredClone(json) as unknown as {
    resourceSpans: { scopeSpans: { spans: Record<string, unknown>[] }[] }[];
  };
  for (const s of withBytes.resourceSpans.flatMap((r) => r.scopeSpans.flatMap((ss) => ss.spans))) {
    s.traceId = Buffer.from(s.traceId as string, 'hex');
    s.spanId = Buffer.from(s.spanId as string, 'hex');
  }
  return Buffer.from(ExportTraceServiceRequest.encode(ExportTraceServiceRequest.fromObject(withBytes)).finish());
}

describe.each(DATABASE_KINDS)('POST /v1/traces on %s', (kind) => {
  let app: Awaited<ReturnType<typeof startTestApp>>;
  let postgres: Awaited<ReturnType<typeof createPostgresDatabase>> | null = null;
  let account: TestAccount;
  let writer: string;
  const post = (body: Buffer | string, contentType: string, headers: Record<string, string> = {}, token = writer) =>
    fetch(`${app.url}/v1/traces`, {
      method: 'POST',
      headers: { authorization: `Bearer ${token}`, 'content-type': contentType, ...headers },
      body: typeof body === 'string' ? body : new Uint8Array(body),
    });
  const postJson = (json: unknown, token = writer) => post(JSON.stringify(json), 'application/json', {}, token);
  const storedIds = async (spans: { traceId: string; spanId: string }[]) =>
    (
      await app.db.prisma.request.findMany({
        where: { externalId: { in: spans.map((s) => `${s.traceId}-${s.spanId}`) } },
        select: { externalId: true },
      })
    ).length;

  beforeAll(async () => {
    postgres = kind === 'postgres' ? await createPostgresDatabase() : null;
    app = await startTestApp({ INGEST_MAX_REQUEST_BYTES: '4096', ...(postgres ? { DATABASE_URL: postgres.url } : {}) });
    account = await createAccount(app.db, 'otlp', ['production', 'staging'], ['checkout']);
    writer = (await createToken(app.db, account, { environment: 'production', scopes: ['traffic:write'] })).secret;
  });
  afterAll(async () => {
    await app.dispose();
    await postgres?.drop();
  });

  it('stores a protobuf export and answers an empty protobuf response', async () => {
    const spans = [span(), span({ path: '/items/2', status: 503 })];
    const response = await post(
      protobufOf(exportOf([{ attributes: { 'service.name': 'checkout' }, spans }])),
      'application/x-protobuf',
    );
    expect(response.status).toBe(200);
    expect(response.headers.get('content-type')).toBe('application/x-protobuf');
    expect(
      ExportTraceServiceResponse.toObject(
        ExportTraceServiceResponse.decode(new Uint8Array(await response.arrayBuffer())),
      ),
    ).toEqual({});
    expect(await storedIds(spans)).toBe(2);
  });

  it('stores a gzip-encoded OTLP/JSON export', async () => {
    const spans = [span({ durationMs: 3.25 })];
    const body = gzipSync(JSON.stringify(exportOf([{ attributes: { 'service.name': 'checkout' }, spans }])));
    const response = await post(body, 'application/json', { 'content-encoding': 'gzip' });
    expect(response.status).toBe(200);
    expect(await response.json()).toEqual({});
    const [stored] = await app.db.prisma.request.findMany({
      where: { externalId: `${spans[0]!.traceId}-${spans[0]!.spanId}` },
    });
    expect(stored).toMatchObject({
      method: 'GET',
      url: 'https://api.example.com/items/1',
      status: 200,
      durationMs: 3.25,
    });
  });

  it('skips spans that are not HTTP server spans without rejecting them', async () => {
    const internal = span({ kind: INTERNAL });
    const response = await postJson(exportOf([{ attributes: { 'service.name': 'checkout' }, spans: [internal] }]));
    expect(await response.json()).toEqual({});
    expect(await storedIds([internal])).toBe(0);
  });

  it('answers partial success naming the unknown bucket, the missing status and the environment the token may not write', async () => {
    const good = span();
    const response = await postJson(
      exportOf([
        { attributes: { 'service.name': 'checkout' }, spans: [good, span({ status: null })] },
        { attributes: { 'service.name': 'inventory' }, spans: [span(), span()] },
        { attributes: { 'service.name': 'checkout', 'deployment.environment.name': 'staging' }, spans: [span()] },
      ]),
    );
    expect(response.status).toBe(200);
    const { partialSuccess } = (await response.json()) as {
      partialSuccess: { rejectedSpans: string; errorMessage: string };
    };
    expect(partialSuccess.rejectedSpans).toBe('4');
    expect(partialSuccess.errorMessage).toContain('bucket: "inventory" not found; buckets: checkout (2 spans)');
    expect(partialSuccess.errorMessage).toContain('has no http.response.status_code (1 span)');
    expect(partialSuccess.errorMessage).toContain('Environment "staging" not found; environments: production (1 span)');
    expect(await storedIds([good])).toBe(1);
  });

  it('lets the admin token choose the environment through deployment.environment', async () => {
    const spans = [span()];
    const response = await postJson(
      exportOf([{ attributes: { 'service.name': 'checkout', 'deployment.environment': 'staging' }, spans }]),
      TEST_ADMIN_TOKEN,
    );
    expect(await response.json()).toEqual({});
    const [stored] = await app.db.prisma.request.findMany({
      where: { externalId: `${spans[0]!.traceId}-${spans[0]!.spanId}` },
    });
    expect(stored?.environmentId).toBe(account.environments.staging);
  });

  it('creates a bucket on first sight once an admin turns the environment setting on', async () => {
    const payments = () => exportOf([{ attributes: { 'service.name': 'payments' }, spans: [span()] }]);
    expect(((await (await postJson(payments())).json()) as { partialSuccess?: unknown }).partialSuccess).toBeDefined();
    const turnedOn = await postGraphQL<{ setEnvironmentCreatesBuckets: { createsBucketsOnFirstSight: boolean } }>(
      app.url,
      TEST_ADMIN_TOKEN,
      'mutation($id: String!) { setEnvironmentCreatesBuckets(environment: $id, enabled: true) { createsBucketsOnFirstSight } }',
      { id: account.environments.production },
    );
    expect(turnedOn.body.data?.setEnvironmentCreatesBuckets.createsBucketsOnFirstSight).toBe(true);
    expect(await (await postJson(payments())).json()).toEqual({});
    expect(await app.db.prisma.bucket.count({ where: { accountId: account.accountId, name: 'payments' } })).toBe(1);
  });

  it('answers 401 to an unknown token and 403 to a token without traffic:write', async () => {
    const body = exportOf([{ attributes: { 'service.name': 'checkout' }, spans: [span()] }]);
    const unknown = await postJson(body, 'not-a-real-token');
    expect(unknown.status).toBe(401);
    const reader = (await createToken(app.db, account, { environment: 'production', scopes: ['traffic:read'] })).secret;
    const forbidden = await postJson(body, reader);
    expect(forbidden.status).toBe(403);
    expect(await forbidden.json()).toMatchObject({ code: 7, message: expect.stringContaining('traffic:write') });
  });

  it('answers 413 to a body over INGEST_MAX_REQUEST_BYTES, compressed or not', async () => {
    const big = JSON.stringify(
      exportOf([{ attributes: { 'service.name': 'checkout', padding: 'x'.repeat(5000) }, spans: [span()] }]),
    );
    expect((await post(big, 'application/json')).status).toBe(413);
    expect((await post(gzipSync(big), 'application/json', { 'content-encoding': 'gzip' })).status).toBe(413);
  });

  it('answers 400 with a google.rpc.Status to a body that is not an export', async () => {
    const protobuf = await post(randomBytes(64), 'application/x-protobuf');
    expect(protobuf.status).toBe(400);
    const status = RpcStatus.toObject(RpcStatus.decode(new Uint8Array(await protobuf.arrayBuffer())));
    expect(status).toMatchObject({
      code: 3,
      message: expect.stringContaining('not a protobuf ExportTraceServiceRequest'),
    });
    const json = await post('{"resourceSpans": "nope"', 'application/json');
    expect(json.status).toBe(400);
    const badGzip = await post('plain', 'application/json', { 'content-encoding': 'gzip' });
    expect(badGzip.status).toBe(400);
  });

  it('answers 415 to a content type that is neither protobuf nor JSON', async () => {
    expect((await post('resourceSpans', 'text/plain')).status).toBe(415);
  });
});

describe('POST /v1/traces and the ingest records budget', () => {
  it('spends the per-token records budget shared with /api/v1/ingest, answering 429 with Retry-After past it', async () => {
    const app = await startTestApp({ RATE_LIMIT_INGEST_RECORDS_PER_MINUTE: '3' });
    try {
      const account = await createAccount(app.db, 'otlp-budget', ['production'], ['checkout']);
      const writer = (await createToken(app.db, account, { environment: 'production', scopes: ['traffic:write'] }))
        .secret;
      const send = (spans: ReturnType<typeof span>[]) =>
        fetch(`${app.url}/v1/traces`, {
          method: 'POST',
          headers: { authorization: `Bearer ${writer}`, 'content-type': 'application/json' },
          body: JSON.stringify(exportOf([{ attributes: { 'service.name': 'checkout' }, spans }])),
        });
      expect((await send([span(), span()])).status).toBe(200);
      const refused = await send([span(), span()]);
      expect(refused.status).toBe(429);
      expect(Number(refused.headers.get('retry-after'))).toBeGreaterThan(0);
      expect((await send([span()])).status).toBe(200);
    } finally {
      await app.dispose();
    }
  });

  it('answers an export larger than the whole budget with 413, which exporters do not retry, and audits it', async () => {
    const app = await startTestApp({ RATE_LIMIT_INGEST_RECORDS_PER_MINUTE: '3' });
    try {
      const account = await createAccount(app.db, 'otlp-oversized', ['production'], ['checkout']);
      const writer = (await createToken(app.db, account, { environment: 'production', scopes: ['traffic:write'] }))
        .secret;
      const refused = await fetch(`${app.url}/v1/traces`, {
        method: 'POST',
        headers: { authorization: `Bearer ${writer}`, 'content-type': 'application/json' },
        body: JSON.stringify(
          exportOf([{ attributes: { 'service.name': 'checkout' }, spans: [span(), span(), span(), span()] }]),
        ),
      });
      expect(refused.status).toBe(413);
      expect(refused.headers.get('retry-after')).toBeNull();
      expect(((await refused.json()) as { message: string }).message).toContain(
        'more than the ingest budget of 3 records',
      );
      // The audit log is written behind the response: poll until the entry is there.
      let outcomes: string[] = [];
      for (let attempt = 0; attempt < 50 && outcomes.length === 0; attempt++) {
        const audit = await postGraphQL<{ auditLog: { nodes: { operation: string; outcome: string }[] } }>(
          app.url,
          TEST_ADMIN_TOKEN,
          '{ auditLog(first: 100) { nodes { operation outcome } } }',
        );
        outcomes = audit.body
          .data!.auditLog.nodes.filter((e) => e.operation === 'POST /v1/traces')
          .map((e) => e.outcome);
        if (outcomes.length === 0) await new Promise((resolve) => setTimeout(resolve, 100));
      }
      expect(outcomes).toEqual(['LIMIT_EXCEEDED']);
    } finally {
      await app.dispose();
    }
  });
});
