import { get } from 'node:http';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { exportedRequest, type ExportSource } from '../../src/domain/export/exported-request.ts';
import type { RequestRecord } from '../../src/domain/ingest/request-record.ts';
import { startTestApp } from '../helpers/app-server.ts';
import { fakeSecrets } from '../helpers/fake-secrets.ts';
import { createAccount, createToken, type TestAccount } from '../helpers/fixtures.ts';
import { store, trafficFor } from '../helpers/traffic-data.ts';

const FIELDS = `id timestamp method host path route query url status durationMs requestSize responseSize clientIp userAgent blocked blockedReason
  requestHeaders requestBody requestBodyTruncated responseHeaders responseBody responseBodyTruncated environment { name } bucket { name }`;

describe('GET /api/v1/requests/export', () => {
  let app: Awaited<ReturnType<typeof startTestApp>>;
  let account: TestAccount;
  let reader: string;
  let billingOnly: string;
  let writer: string;
  const secret = fakeSecrets().find((s) => s.format === 'github-classic')!.secret;
  const exportOf = (query: string, token = reader) =>
    fetch(`${app.url}/api/v1/requests/export?${query}`, { headers: { authorization: `Bearer ${token}` } });
  const ndjson = (text: string) =>
    text
      .split('\n')
      .filter(Boolean)
      .map((line) => JSON.parse(line) as Record<string, unknown>);

  beforeAll(async () => {
    app = await startTestApp({ RATE_LIMIT_INGEST_RECORDS_PER_MINUTE: '0' });
    account = await createAccount(app.db, 'export', ['production', 'staging'], ['orders', 'billing']);
    reader = (await createToken(app.db, account, { environment: 'production' })).secret;
    billingOnly = (await createToken(app.db, account, { environment: 'production', buckets: ['billing'] })).secret;
    writer = (await createToken(app.db, account, { environment: 'production', scopes: ['traffic:write'] })).secret;
    const now = new Date();
    await store(
      app.db,
      trafficFor(account, { seed: 14, requests: 260, days: 1, until: new Date(now.getTime() - 60 * 60_000) }),
    );
    // Stored as if masking had missed it: what the export shows is the schema's sanitizer at work.
    const leaky: RequestRecord = {
      publicId: 'req_leaky',
      externalId: null,
      accountId: account.accountId,
      environmentId: account.environments.production!,
      bucketId: account.buckets.orders!,
      timestamp: new Date(now.getTime() - 5 * 60_000),
      method: 'GET',
      url: `https://api.example.com/leak?token=${secret}`,
      host: 'api.example.com',
      path: '/leak',
      route: '/leak',
      query: `token=${secret}`,
      status: 200,
      durationMs: 3,
      requestHeaders: { 'x-api-key': secret },
      requestBody: `{"key":"${secret}"}`,
      requestBodyTruncated: false,
      requestSize: 10,
      responseHeaders: {},
      responseBody: null,
      responseBodyTruncated: false,
      responseSize: 0,
      clientIp: null,
      userAgent: null,
      blocked: false,
      blockedReason: null,
    };
    await store(app.db, [leaky]);
  }, 60_000);
  afterAll(() => app.dispose());

  it('streams NDJSON that parses back to what searchRequests answers, page after page', async () => {
    const response = await exportOf('format=ndjson&since=2d&limit=1000');
    expect(response.status).toBe(200);
    expect(response.headers.get('content-type')).toBe('application/x-ndjson; charset=utf-8');
    expect(response.headers.get('transfer-encoding')).toBe('chunked');
    const exported = ndjson(await response.text());

    const searched: Record<string, unknown>[] = [];
    let after: string | null = null;
    do {
      const result: Response = await fetch(`${app.url}/graphql`, {
        method: 'POST',
        headers: { authorization: `Bearer ${reader}`, 'content-type': 'application/json' },
        body: JSON.stringify({
          query: `query($after: String) { searchRequests(range: { since: "2d" }, first: 100, after: $after) { pageInfo { hasNextPage endCursor } nodes { ${FIELDS} } } }`,
          variables: { after },
        }),
      });
      const body = (await result.json()) as {
        data: {
          searchRequests: { pageInfo: { hasNextPage: boolean; endCursor: string | null }; nodes: ExportSource[] };
        };
      };
      const page = body.data.searchRequests;
      searched.push(...page.nodes.map((node) => exportedRequest(node)));
      after = page.pageInfo.hasNextPage ? page.pageInfo.endCursor : null;
    } while (after);

    expect(exported.length).toBeGreaterThan(100);
    expect(exported).toEqual(searched);
  });

  it('exports only the status classes asked, written as REST writes them (status_class=4XX,5xx)', async () => {
    const all = ndjson(await (await exportOf('since=2d&limit=1000')).text());
    const errors = ndjson(await (await exportOf('since=2d&limit=1000&status_class=4XX,5xx')).text());
    expect(errors.length).toBeGreaterThan(0);
    expect(errors).toEqual(all.filter((row) => Number(row.status) >= 400));
  });

  it('writes CSV with a header record and hostile values quoted, NUL as U+FFFD and formulas defused', async () => {
    const record = {
      id: 'hostile-1',
      bucket: 'orders',
      method: 'GET',
      url: 'https://api.example.com/hostile',
      status: 418,
      duration_ms: 1,
      timestamp: new Date().toISOString(),
      user_agent: '=cmd|"/c calc"!A1, x\u0000',
      blocked: true,
      blocked_reason: 'rule "a",\nline 2',
    };
    const ingested = await fetch(`${app.url}/api/v1/ingest`, {
      method: 'POST',
      headers: { authorization: `Bearer ${writer}`, 'content-type': 'application/json' },
      body: JSON.stringify([record]),
    });
    expect(await ingested.json()).toMatchObject({ accepted: 1 });

    const response = await exportOf('format=csv&status=418');
    expect(response.headers.get('content-type')).toBe('text/csv; charset=utf-8; header=present');
    const csv = await response.text();
    const [header, row, rest] = csv.split('\r\n');
    expect(header).toMatch(/^id,timestamp,environment,bucket,method,host,path,route,query,url,status,duration_ms,/);
    expect(row).toContain(`,"'=cmd|""/c calc""!A1, x\uFFFD",true,"rule ""a"",\nline 2",`);
    expect(rest).toBe('');
  });

  it('exports only the buckets a bucket-limited token may see', async () => {
    const rows = ndjson(await (await exportOf('since=2d&limit=1000', billingOnly)).text());
    expect(rows.length).toBeGreaterThan(0);
    expect(new Set(rows.map((r) => r.bucket))).toEqual(new Set(['billing']));
    const all = ndjson(await (await exportOf('since=2d&limit=1000')).text());
    expect(rows.length).toBe(all.filter((r) => r.bucket === 'billing').length);
    const outside = await exportOf('buckets=orders', billingOnly);
    expect(outside.status).toBe(404);
  });

  it('keeps a secret masked in the url, query, headers and body, in both formats', async () => {
    for (const format of ['ndjson', 'csv']) {
      const text = await (await exportOf(`format=${format}&path=/leak`)).text();
      expect(text).toContain('x-api-key');
      expect(text).toContain('/leak');
      expect(text).not.toContain(secret);
    }
  });

  it('honours the limit, states it in a header and the rows written in trailers', async () => {
    const { status, headers, body, trailers } = await new Promise<{
      status: number;
      headers: Record<string, unknown>;
      body: string;
      trailers: Record<string, unknown>;
    }>((resolve, reject) => {
      get(
        `${app.url}/api/v1/requests/export?since=2d&limit=7`,
        { headers: { authorization: `Bearer ${reader}` } },
        (res) => {
          let text = '';
          res.setEncoding('utf8').on('data', (chunk: string) => (text += chunk));
          res.on('end', () =>
            resolve({ status: res.statusCode!, headers: res.headers, body: text, trailers: res.trailers }),
          );
        },
      ).on('error', reject);
    });
    expect(status).toBe(200);
    expect(headers['x-export-limit']).toBe('7');
    expect(ndjson(body)).toHaveLength(7);
    expect(trailers).toEqual({ 'x-export-rows': '7', 'x-export-more': 'true' });
  });

  it('writes nothing but the CSV header when nothing matches', async () => {
    const response = await exportOf('format=csv&status=599');
    expect(response.status).toBe(200);
    expect((await response.text()).split('\r\n')).toEqual([expect.stringMatching(/^id,timestamp,/), '']);
  });

  it.each([
    ['format=xml', 'format must be one of ndjson, csv'],
    ['limit=0', 'limit must be a whole number from 1 to 100,000 (default 10,000)'],
    ['limit=100001', 'limit must be a whole number from 1 to 100,000'],
    ['status=abc', 'status must be a three-digit status code'],
    ['blocked=maybe', 'blocked must be true or false'],
    ['colour=red', 'unknown parameter colour'],
    ['status_class=6xx', 'status_class: "6xx" is not one of 1xx, 2xx, 3xx, 4xx, 5xx'],
    ['since=yesterday', 'since'],
  ])('answers 400 naming the problem for %s', async (query, detail) => {
    const response = await exportOf(query);
    expect(response.status).toBe(400);
    expect(((await response.json()) as { detail: string }).detail).toContain(detail);
  });

  it('refuses a caller without a token, and a token without traffic:read', async () => {
    expect((await fetch(`${app.url}/api/v1/requests/export`)).status).toBe(401);
    expect((await exportOf('', writer)).status).toBe(403);
  });
});
