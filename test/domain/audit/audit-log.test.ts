import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { summarizeArguments } from '../../../src/domain/audit/summarize-arguments.ts';
import { connectStreamable, startTestApp, TEST_ADMIN_TOKEN } from '../../helpers/app-server.ts';
import { fakeSecrets } from '../../helpers/fake-secrets.ts';
import { createAccount, createToken } from '../../helpers/fixtures.ts';
import { postGraphQL } from '../../helpers/server-process.ts';

interface Entry {
  surface: string;
  operation: string;
  principalKind: string;
  principalName: string;
  tokenId: string | null;
  durationMs: number;
  outcome: string;
  errorMessage: string | null;
  arguments: string | null;
  requestId: string;
  clientAddress: string | null;
}

const AUDIT_QUERY = `query($operation: String, $after: String) { auditLog(operation: $operation, first: 100, after: $after) {
  totalCount pageInfo { hasNextPage endCursor }
  nodes { surface operation principalKind principalName tokenId durationMs outcome errorMessage arguments requestId clientAddress } } }`;

describe('summarizeArguments', () => {
  it('caps size, counts long lists, drops credential keys and sanitizes the rest', () => {
    const secret = fakeSecrets().find((s) => s.format === 'github-classic')!.value;
    const summary = summarizeArguments({
      records: Array.from({ length: 500 }, () => ({ a: 1 })),
      note: `key ${secret}`,
      token: 'abc',
      long: 'x'.repeat(1000),
    });
    const text = JSON.stringify(summary);
    expect(summary).toMatchObject({ records: '[500 items]', token: expect.stringMatching(/^\[REDACTED/) });
    expect(text).not.toContain(secret);
    expect(text.length).toBeLessThan(400);
  });
});

describe('audit log over every surface', () => {
  let app: Awaited<ReturnType<typeof startTestApp>>;
  let token: string;
  let tokenId: string;
  const secret = fakeSecrets().find((s) => s.format === 'stripe-live-secret')!.value;

  const auditEntries = async (operation?: string): Promise<Entry[]> => {
    const result = await postGraphQL<{ auditLog: { nodes: Entry[] } }>(app.url, TEST_ADMIN_TOKEN, AUDIT_QUERY, {
      operation,
    });
    expect(result.body.errors).toBeUndefined();
    return result.body.data!.auditLog.nodes;
  };
  const eventually = async (operation: string, count: number) => {
    for (let i = 0; i < 50; i++) {
      const entries = await auditEntries(operation);
      if (entries.length >= count) return entries;
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
    throw new Error(`no ${count} audit entries for ${operation}`);
  };

  beforeAll(async () => {
    app = await startTestApp();
    const account = await createAccount(app.db, 'audited');
    const created = await createToken(app.db, account, {
      environment: 'production',
      name: 'audited-agent',
      scopes: ['traffic:read', 'events:read', 'events:write', 'inventory:read'],
    });
    token = created.secret;
    tokenId = created.id;
  });
  afterAll(() => app.dispose());

  it('records MCP tool calls with the token, duration, outcome and sanitized arguments', async () => {
    const { client } = await connectStreamable(app.url, token);
    await client.callTool({ name: 'get_metrics', arguments: { since: '1h' } });
    await client.callTool({ name: 'get_metrics', arguments: { since: 'yesterday-ish' } });
    await client.callTool({
      name: 'create_event',
      arguments: { type: 'deployment', title: 'Deploy', description: `rotated ${secret}` },
    });
    await client.close();

    const metrics = await eventually('tool get_metrics', 2);
    expect(metrics.map((e) => e.outcome).sort()).toEqual(['BAD_USER_INPUT', 'ok']);
    for (const entry of metrics) {
      expect(entry).toMatchObject({
        surface: 'mcp',
        principalKind: 'token',
        principalName: 'audited-agent',
        tokenId,
        clientAddress: expect.stringMatching(/127\.0\.0\.1/),
      });
      expect(entry.durationMs).toBeGreaterThan(0);
    }
    expect(metrics.find((e) => e.outcome === 'BAD_USER_INPUT')!.errorMessage).toContain('since');

    const [tool] = await eventually('tool create_event', 1);
    const [mutation] = await eventually('mutation createEvent', 1);
    expect(tool!.arguments).toContain('[REDACTED_');
    expect(tool!.arguments).not.toContain(secret);
    // The tool's mutation is recorded too, under the same request id.
    expect(mutation).toMatchObject({ surface: 'mcp', requestId: tool!.requestId, outcome: 'ok' });
    expect(mutation!.arguments).not.toContain(secret);
  });

  it('records REST calls, refused ones included', async () => {
    expect(
      (await fetch(`${app.url}/api/v1/mcp-servers?limit=5`, { headers: { authorization: `Bearer ${token}` } })).status,
    ).toBe(200);
    expect(
      (await fetch(`${app.url}/api/v1/mcp-servers?limit=oops`, { headers: { authorization: `Bearer ${token}` } }))
        .status,
    ).toBe(422);
    const entries = await eventually('GET /api/v1/mcp-servers', 2);
    const plain = entries.filter((e) => e.operation === 'GET /api/v1/mcp-servers');
    expect(plain.map((e) => e.outcome).sort()).toEqual(['BAD_USER_INPUT', 'ok']);
    expect(plain.every((e) => e.surface === 'rest' && e.tokenId === tokenId)).toBe(true);
  });

  it('records GraphQL mutations with the request id the response carried', async () => {
    const response = await fetch(`${app.url}/graphql`, {
      method: 'POST',
      headers: {
        'content-type': 'application/json',
        authorization: `Bearer ${TEST_ADMIN_TOKEN}`,
        'x-request-id': 'audit-check-1',
      },
      body: JSON.stringify({
        query: 'mutation($input: CreateEventInput!) { createEvent(input: $input) { id } }',
        variables: {
          input: { environment: 'production', type: 'incident', title: 'Outage', description: `leaked ${secret}` },
        },
      }),
    });
    expect(response.status).toBe(200);
    const refused = await postGraphQL(
      app.url,
      TEST_ADMIN_TOKEN,
      'mutation { createEvent(input: { environment: "nowhere", type: other, title: "x" }) { id } }',
    );
    expect(refused.body.errors).toBeDefined();
    const entries = (await eventually('mutation createEvent', 3)).filter((e) => e.surface === 'graphql');
    const ok = entries.find((e) => e.requestId === 'audit-check-1')!;
    expect(ok).toMatchObject({ principalKind: 'admin', outcome: 'ok' });
    expect(ok.arguments).not.toContain(secret);
    expect(entries.find((e) => e.outcome === 'NOT_FOUND')).toBeDefined();
    // Queries are not audited.
    expect(await auditEntries('viewer')).toEqual([]);
  });

  it('is for admins only', async () => {
    const result = await postGraphQL(app.url, token, AUDIT_QUERY);
    expect(result.body.errors?.[0]?.message).toMatch(/admin/);
  });
});
