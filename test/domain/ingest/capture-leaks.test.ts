import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sanitizeText } from '../../../src/domain/sanitizer/sanitize.ts';
import { connectStreamable, startTestApp, TEST_ADMIN_TOKEN } from '../../helpers/app-server.ts';
import { fakeSecrets } from '../../helpers/fake-secrets.ts';
import { createAccount, createToken } from '../../helpers/fixtures.ts';
import { postGraphQL } from '../../helpers/server-process.ts';

const secretOf = (format: string) => fakeSecrets().find((s) => s.format === format)!.value;

describe('the sanitizer on JSON fields and card numbers', () => {
  it('masks values of unknown format under secret-looking JSON keys, in their usual spellings', () => {
    const body = JSON.stringify({
      password: 'correct horse',
      passwd: 'pw-1',
      pass: 'zz top',
      token: 'opaque-1',
      secret: 's3',
      api_key: 'k-1',
      apiKey: 'k-2',
      accessToken: 'at-1',
      user: 'jane',
    });
    const clean = sanitizeText(body).value;
    for (const value of ['correct horse', 'pw-1', 'zz top', 'opaque-1', '"s3"', 'k-1', 'k-2', 'at-1'])
      expect(clean).not.toContain(value);
    expect(JSON.parse(clean)).toMatchObject({ user: 'jane', password: '[REDACTED_PASSWORD]' });
  });

  it('masks Luhn-valid card numbers anywhere and keeps ordinary long numbers', () => {
    const text =
      '{"cardNumber":"4111 1111 1111 1111","card_number":5555555555554444} card=4111111111111111&order=4111111111111112&at=1732700000000';
    const clean = sanitizeText(text).value;
    expect(clean).not.toMatch(/4111 1111 1111 1111|5555555555554444|card=4111111111111111/);
    expect(clean).toContain('order=4111111111111112');
    expect(clean).toContain('at=1732700000000');
  });

  it('stays linear on hostile JSON and digit runs (64 KB each under 50 ms)', () => {
    for (const hostile of [
      `"password":"${'\\"'.repeat(32_000)}`,
      '"a":"'.repeat(13_000),
      '4'.repeat(65_536),
      '4 '.repeat(32_768),
      '"k":'.repeat(16_000),
    ]) {
      const started = performance.now();
      sanitizeText(hostile);
      expect(performance.now() - started).toBeLessThan(50);
    }
  });
});

describe('captured traffic leaks nothing through route, user agent, blocked reason, header names or bodies', () => {
  let app: Awaited<ReturnType<typeof startTestApp>>;
  let reader: string;
  const jwt = secretOf('jwt');
  const github = secretOf('github-classic');
  const stripe = secretOf('stripe-live-secret');
  const email = 'jane.doe@example.com';
  const leaks = [jwt, github, stripe, email, 'correct horse', '4111111111111111', '5555555555554444'];
  const expectClean = (text: string) => {
    for (const leak of leaks) expect(text).not.toContain(leak);
  };

  beforeAll(async () => {
    app = await startTestApp();
    const account = await createAccount(app.db, 'leaky', ['production'], ['orders']);
    const writer = await createToken(app.db, account, { environment: 'production', scopes: ['traffic:write'] });
    reader = (await createToken(app.db, account, { environment: 'production', buckets: 'all' })).secret;
    const record = {
      id: 'leak-1',
      bucket: 'orders',
      method: 'POST',
      url: `https://api.example.com/v1/sessions/${jwt}/users/${email}`,
      status: 500,
      duration_ms: 5,
      timestamp: new Date().toISOString(),
      user_agent: `agent/1.0 (${email}; ${github})`,
      blocked: true,
      blocked_reason: `refused key ${stripe}`,
      request_headers: { [`x-${github}`]: 'yes', 'content-type': 'application/json' },
      request_body: JSON.stringify({
        password: 'correct horse',
        cardNumber: '4111111111111111',
        card_number: 5555555555554444,
      }),
      response_body: 'card=4111111111111111&ok=1',
    };
    const response = await fetch(`${app.url}/api/v1/ingest`, {
      method: 'POST',
      headers: { authorization: `Bearer ${writer.secret}`, 'content-type': 'application/json' },
      body: JSON.stringify([record]),
    });
    expect(response.status).toBe(200);
  });
  afterAll(() => app.dispose());

  it('stores none of them', async () => {
    const [stored] = await app.db.sql.query<Record<string, unknown>>(`SELECT * FROM "Request"`);
    expectClean(JSON.stringify(stored));
  });

  it('returns none of them over GraphQL (Request fields and topErrors)', async () => {
    const result = await postGraphQL(
      app.url,
      reader,
      `{ searchRequests(range: { since: "1h" }) { nodes { route path url userAgent blockedReason requestHeaders requestBody responseBody } }
         topErrors(range: { since: "1h" }) { groups { route } } }`,
    );
    expect(result.body.errors).toBeUndefined();
    expect(JSON.stringify(result.body.data)).toContain('/v1/sessions/');
    expectClean(JSON.stringify(result.body.data));
  });

  it('returns none of them over MCP (get_errors, get_request_detail)', async () => {
    const { client } = await connectStreamable(app.url, reader);
    const errors = await client.callTool({ name: 'get_errors', arguments: { since: '1h' } });
    expectClean(JSON.stringify(errors));
    const search = await client.callTool({ name: 'search_requests', arguments: { since: '1h' } });
    const id = (search.structuredContent as { requests: { id: string }[] }).requests[0]!.id;
    const detail = await client.callTool({ name: 'get_request_detail', arguments: { id } });
    expect(detail.isError).toBeFalsy();
    expectClean(JSON.stringify(detail));
    await client.close();
  });

  it('keeps counts, not records, in the audit entry of the ingest', async () => {
    let entries: { arguments: string | null }[] = [];
    for (let i = 0; i < 50 && entries.length === 0; i++) {
      await new Promise((resolve) => setTimeout(resolve, 100));
      const result = await postGraphQL<{ auditLog: { nodes: { arguments: string | null }[] } }>(
        app.url,
        TEST_ADMIN_TOKEN,
        '{ auditLog(operation: "ingestRequests") { nodes { arguments } } }',
      );
      entries = result.body.data?.auditLog.nodes ?? [];
    }
    expect(JSON.parse(entries[0]!.arguments!)).toEqual({ environment: null, records: 1 });
  });
});
