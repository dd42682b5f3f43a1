import { writeFile, mkdtemp } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { gzipSync } from 'node:zlib';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestApp, TEST_ADMIN_TOKEN } from '../helpers/app-server.ts';
import { browserHar } from '../helpers/browser-har.ts';
import { createAccount, createToken, type TestAccount } from '../helpers/fixtures.ts';
import { ingestRecord } from '../helpers/ingest-record.ts';
import { runCli } from '../helpers/server-process.ts';

describe('POST /api/v1/ingest and import-har', () => {
  let app: Awaited<ReturnType<typeof startTestApp>>;
  let account: TestAccount;
  let writer: string;
  const post = (body: string | Buffer, headers: Record<string, string> = {}, token = writer) =>
    fetch(`${app.url}/api/v1/ingest`, {
      method: 'POST',
      headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json', ...headers },
      body: typeof body === 'string' ? body : new Uint8Array(body),
    });

  beforeAll(async () => {
    app = await startTestApp({ INGEST_MAX_RECORDS: '50', INGEST_MAX_REQUEST_BYTES: '20000' });
    account = await createAccount(app.db, 'ingest', ['production'], ['orders', 'web']);
    await app.db.prisma.exclusionRule.create({
      data: { accountId: account.accountId, name: 'health', pathPattern: '/healthz' },
    });
    writer = (await createToken(app.db, account, { environment: 'production', scopes: ['traffic:write'] })).secret;
  });
  afterAll(() => app.dispose());

  it('accepts a JSON array and reports each record', async () => {
    const response = await post(
      JSON.stringify([
        ingestRecord('a1'),
        ingestRecord('a2', { status: 42 }),
        ingestRecord('a3', { url: 'https://api.example.com/healthz' }),
      ]),
    );
    expect(response.status).toBe(200);
    expect(await response.json()).toEqual({
      received: 3,
      accepted: 1,
      duplicates: 0,
      excluded: [{ index: 2, rule_id: expect.any(String) }],
      rejected: [{ index: 1, reason: expect.stringMatching(/^status:/) }],
    });
  });

  it('rejects a null record alone, through the mutation like any other bad record', async () => {
    const response = await post(JSON.stringify([ingestRecord('z1'), null]));
    expect(response.status).toBe(200);
    expect(await response.json()).toMatchObject({
      received: 2,
      accepted: 1,
      rejected: [{ index: 1, reason: expect.stringContaining('null') }],
    });
  });

  it('rejects a record with an out-of-range timestamp alone and stores the rest', async () => {
    const bad = ['+275760-09-13T00:00:00Z', '0000-01-01T00:00:00Z', '-004713-01-01T00:00:00Z'];
    const response = await post(
      JSON.stringify([ingestRecord('t0'), ...bad.map((timestamp, i) => ingestRecord(`t${i + 1}`, { timestamp }))]),
    );
    expect(response.status).toBe(200);
    expect(await response.json()).toMatchObject({
      received: 4,
      accepted: 1,
      rejected: bad.map((_, i) => ({
        index: i + 1,
        reason: expect.stringMatching(/^timestamp: must be within 1900-01-01 to 9999-12-31/),
      })),
    });
  });

  it('stores NUL characters and unpaired surrogates as U+FFFD instead of failing the batch', async () => {
    const odd = ingestRecord('odd\u0000id', {
      request_headers: { 'x-trace\u0000': 'a\u0000b', 'x-half': 'lone \ud800 half' },
      request_body: 'binary\u0000payload',
      response_body: '{"v":"\ud83d"}',
      user_agent: 'agent\u0000',
      client_ip: '10.0.0.1\u0000',
      blocked: true,
      blocked_reason: 'waf\u0000rule',
    });
    const response = await post(JSON.stringify([ingestRecord('plain-1'), odd]));
    expect(await response.json()).toMatchObject({ received: 2, accepted: 2, rejected: [] });
    const stored = await app.db.prisma.request.findFirstOrThrow({ where: { externalId: 'odd\uFFFDid' } });
    expect(stored).toMatchObject({
      requestHeaders: { 'x-trace\uFFFD': 'a\uFFFDb', 'x-half': 'lone \uFFFD half' },
      requestBody: 'binary\uFFFDpayload',
      responseBody: '{"v":"\uFFFD"}',
      userAgent: 'agent\uFFFD',
      clientIp: '10.0.0.1\uFFFD',
      blockedReason: 'waf\uFFFDrule',
    });
  });

  it('accepts gzip-compressed NDJSON, rejecting a broken line alone', async () => {
    const body = gzipSync(
      [JSON.stringify(ingestRecord('n1')), '{broken', JSON.stringify(ingestRecord('n2'))].join('\n'),
    );
    const response = await post(body, { 'content-type': 'application/x-ndjson', 'content-encoding': 'gzip' });
    expect(await response.json()).toMatchObject({
      received: 3,
      accepted: 2,
      rejected: [{ index: 1, reason: 'line 2 is not valid JSON' }],
    });
  });

  it('answers 413 for too many records or too many bytes, 422 for a body that is not JSON, 401 without a token', async () => {
    expect((await post(JSON.stringify(Array.from({ length: 51 }, (_, i) => ingestRecord(`x${i}`))))).status).toBe(413);
    expect((await post(JSON.stringify([ingestRecord('big', { response_body: 'x'.repeat(30000) })]))).status).toBe(413);
    const notJson = await post('[{"id": ');
    expect(notJson.status).toBe(422);
    expect(Object.keys((await notJson.json()) as object)).toEqual(['detail']);
    expect((await fetch(`${app.url}/api/v1/ingest`, { method: 'POST', body: '[]' })).status).toBe(401);
  });

  it('needs traffic:write', async () => {
    const reader = (await createToken(app.db, account, { environment: 'production', scopes: ['traffic:read'] })).secret;
    expect((await post(JSON.stringify([ingestRecord('r1')]), {}, reader)).status).toBe(403);
  });

  it('imports a browser-exported HAR through the same pipeline, once', async () => {
    const secret = `ghp_${'Qw3r'.repeat(9)}`;
    const dir = await mkdtemp(path.join(tmpdir(), 'tg-har-'));
    const file = path.join(dir, 'session.har');
    await writeFile(file, JSON.stringify(browserHar(secret)));
    const env = { ADMIN_TOKEN: TEST_ADMIN_TOKEN, TRAFFICGRAPH_SERVER: app.url };
    const first = await runCli(['import-har', file, '--env', 'production', '--bucket', 'web'], env);
    expect(first.code).toBe(0);
    expect(first.stdout).toContain('6 entries, 4 stored, 0 already stored, 1 excluded by rules, 1 rejected');
    expect(first.stdout).toMatch(/entry 5: status:/);
    const again = await runCli(['import-har', file, '--env', 'production', '--bucket', 'web'], env);
    expect(again.stdout).toContain('6 entries, 0 stored, 4 already stored');
    const rows = await app.db.prisma.request.findMany({
      where: { bucketId: account.buckets.web },
      orderBy: { timestamp: 'asc' },
    });
    expect(rows.map((r) => `${r.method} ${r.path} ${r.status}`)).toEqual([
      'GET /v1/orders 200',
      'POST /v1/orders 201',
      'GET /v1/orders/ord_9f8e7d6c5b 404',
      'GET /logo.png 200',
    ]);
    expect(rows[2]!.route).toBe('/v1/orders/:id');
    expect(rows[1]!.requestBody).toBe('{"sku":"A-1","qty":2}');
    expect(JSON.stringify(rows.map(({ id: _id, ...r }) => r))).not.toContain(secret);
    expect(Object.keys(rows[0]!.requestHeaders as object)).not.toContain(':authority');
  });

  it('says what is wrong with a file that is not a HAR', async () => {
    const dir = await mkdtemp(path.join(tmpdir(), 'tg-har-'));
    const file = path.join(dir, 'notes.json');
    await writeFile(file, '{"hello": "world"}');
    const result = await runCli(['import-har', file, '--env', 'production', '--bucket', 'web'], {
      ADMIN_TOKEN: TEST_ADMIN_TOKEN,
      TRAFFICGRAPH_SERVER: app.url,
    });
    expect(result.code).toBe(1);
    expect(result.stderr).toContain('not a HAR file');
  });
});
