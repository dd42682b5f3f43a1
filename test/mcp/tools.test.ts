import type { Client } from '@modelcontextprotocol/sdk/client/index.js';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { RequestRecord } from '../../src/domain/ingest/request-record.ts';
import { connectLegacySse, connectStreamable, stableText, startTestApp } from '../helpers/app-server.ts';
import { scannedFile } from '../helpers/config-files.ts';
import { createAccount, createToken, type TestAccount } from '../helpers/fixtures.ts';
import { store, trafficFor } from '../helpers/traffic-data.ts';
import { importSnapshot } from '../../src/domain/inventory/import-snapshot.ts';

const UNTIL = new Date('2026-10-01T00:00:00Z');
const WINDOW = { from: '2026-09-30T12:00:00Z', to: '2026-09-30T18:00:00Z' };

type TextResult = {
  content: { type: string; text: string }[];
  structuredContent?: Record<string, unknown>;
  isError?: boolean;
};

describe('MCP tools over Streamable HTTP on demo-like data', () => {
  let app: Awaited<ReturnType<typeof startTestApp>>;
  let account: TestAccount;
  let records: RequestRecord[];
  let client: Client;
  let secret: string;

  const call = async (name: string, args: Record<string, unknown> = {}) =>
    (await client.callTool({ name, arguments: args })) as TextResult;
  const text = (result: TextResult) => stableText(result.content[0]!.text);

  beforeAll(async () => {
    app = await startTestApp();
    account = await createAccount(app.db, 'mcp', ['production', 'staging'], ['checkout', 'catalog']);
    records = trafficFor(account, { seed: 21, requests: 3000, days: 2, until: UNTIL });
    await store(app.db, records);
    await app.db.prisma.redactionRule.create({
      data: { accountId: account.accountId, name: 'Authorization header', target: 'header', selector: 'authorization' },
    });
    await app.db.prisma.exclusionRule.create({
      data: { accountId: account.accountId, name: 'Health checks', method: 'GET', pathPattern: '/healthz' },
    });
    secret = (await createToken(app.db, account, { environment: 'production', buckets: 'all', name: 'assistant' }))
      .secret;
    ({ client } = await connectStreamable(app.url, secret));
  });
  afterAll(async () => {
    await client?.close();
    await app.dispose();
  });

  it("lists the seed's tools in a fixed order, each annotated and with an output schema", async () => {
    const { tools } = await client.listTools();
    expect(tools.map((t) => t.name)).toEqual([
      'search_requests',
      'get_metrics',
      'get_errors',
      'get_request_detail',
      'get_throughput',
      'get_response_times',
      'get_endpoints',
      'compare_periods',
      'find_anomalies',
      'list_buckets',
      'list_environments',
      'list_redactions',
      'list_exclusions',
      'list_events',
      'create_event',
    ]);
    for (const tool of tools) {
      expect(tool.annotations).toMatchObject({
        readOnlyHint: expect.any(Boolean),
        destructiveHint: false,
        idempotentHint: expect.any(Boolean),
        openWorldHint: false,
      });
      expect(tool.outputSchema?.type).toBe('object');
      expect(Object.keys(tool.inputSchema.properties ?? {})).not.toContain('environment');
    }
    expect(tools.find((t) => t.name === 'create_event')!.annotations!.readOnlyHint).toBe(false);
    expect(tools.find((t) => t.name === 'get_metrics')!.description).not.toMatch(/\d{4}-\d{2}-\d{2}T/);
  });

  it("an answer whose range ends by default says that end is the server's now", async () => {
    const before = Date.now();
    const result = await call('get_metrics', { since: '1h' });
    const end = /^Range: \S+ to (\S+) \(now\)$/m.exec(result.content[0]!.text)?.[1];
    expect(end).toBeDefined();
    expect(Math.abs(new Date(end!).getTime() - before)).toBeLessThan(60_000);
    expect(text(await call('get_metrics', WINDOW))).not.toContain('(now)');
  });

  it('get_metrics', async () => {
    const result = await call('get_metrics', WINDOW);
    const inWindow = records.filter(
      (r) =>
        r.environmentId === account.environments.production &&
        r.timestamp >= new Date(WINDOW.from) &&
        r.timestamp < new Date(WINDOW.to),
    );
    expect(result.structuredContent).toMatchObject({
      total_requests: inWindow.length,
      error_count: inWindow.filter((r) => r.status >= 400).length,
    });
    expect(text(result)).toMatchInlineSnapshot(`
      "Range: 2026-09-30T12:00:00.000Z to 2026-09-30T18:00:00.000Z
      Total requests: 461
      Average response time: 150.2 ms
      Errors: 37 (8.03%): 35 4xx, 2 5xx
      Blocked: 13"
    `);
  });

  it('search_requests with filters and pagination', async () => {
    const first = await call('search_requests', { ...WINDOW, method: 'POST', status_class: '4xx', limit: 3 });
    expect(text(first)).toMatchInlineSnapshot(`
      "Range: 2026-09-30T12:00:00.000Z to 2026-09-30T18:00:00.000Z
      time                      method  status  ms     bucket   path                    id
      ------------------------  ------  ------  -----  -------  ----------------------  --------------------------
      2026-09-30T17:10:18.324Z  POST    422     83.4   catalog  /api/sessions           req_jcluyh6z9Pnpz4OBbXy9FO
      2026-09-30T17:01:40.464Z  POST    404     226.8  catalog  /deliver/po_1bf11f2684  req_QgSVrDnQlNKsToIKQ6_8NX
      2026-09-30T16:54:47.176Z  POST    401     42.1   catalog  /api/sessions           req_pWcvewAOrWKTsX36lI_Ojq
      Showing 3 of 17. More: call again with cursor "cjE6MTc5MDc4NzI4NzE3NjoyNTI4"."
    `);
    const next = (first.structuredContent as { next_cursor: string }).next_cursor;
    const second = await call('search_requests', {
      ...WINDOW,
      method: 'POST',
      status_class: '4xx',
      limit: 3,
      cursor: next,
    });
    const ids = (r: TextResult) => (r.structuredContent as { requests: { id: string }[] }).requests.map((x) => x.id);
    expect(ids(second)).toHaveLength(3);
    expect(ids(second).some((id) => ids(first).includes(id))).toBe(false);
  });

  it("search_requests finds rate-limited bot traffic (the seed's example)", async () => {
    const result = await call('search_requests', { ...WINDOW, user_agent: 'bot', status: 429, limit: 2 });
    const structured = result.structuredContent as {
      total: number;
      requests: { user_agent: string; status: number }[];
    };
    expect(structured.total).toBeGreaterThan(0);
    expect(structured.requests.every((r) => /bot/i.test(r.user_agent) && r.status === 429)).toBe(true);
  });

  it('get_errors', async () => {
    expect(text(await call('get_errors', { ...WINDOW, status_class: '5xx', limit: 3 }))).toMatchInlineSnapshot(`
      "Range: 2026-09-30T12:00:00.000Z to 2026-09-30T18:00:00.000Z
      Top error groups:
      count  status  method  route
      -----  ------  ------  --------
      1      500     GET     /suggest
      1      503     GET     /suggest
      Latest errors:
      time                      method  status  ms    bucket    path      id
      ------------------------  ------  ------  ----  --------  --------  --------------------------
      2026-09-30T14:57:47.355Z  GET     500     45.0  checkout  /suggest  req_oLKeYq7XuGvtttFgVBb-HN
      2026-09-30T14:30:02.676Z  GET     503     14.9  checkout  /suggest  req_B3Cm8AvNFKG8f-C76N-RC3
      Showing 2 of 2."
    `);
  });

  it('get_request_detail', async () => {
    const record = records.find(
      (r) => r.environmentId === account.environments.production && r.method === 'POST' && r.status >= 500,
    )!;
    expect(text(await call('get_request_detail', { id: record.publicId }))).toMatchInlineSnapshot(`
      "POST https://payments.demo.trafficgraph.dev/v1/charges
      Status 503 in 133.9 ms at 2026-09-29T07:50:11.919Z
      Bucket checkout, environment production, client 203.216.78.15, id req_c3Y8rwdzsLsh1KEJWKMhKA
      Request headers:
        accept: application/json
        user-agent: Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/126.0 Safari/537.36
        content-type: application/json
        x-request-id: 3cd945457ed5c170
        authorization: [REDACTED_TOKEN]
      Request body (65 bytes):
        {"amount":21289,"currency":"gbp","customer":"cus_d26835fdc11f57"}
      Response headers:
        content-type: application/json
        x-response-time: 133.94ms
      Response body (87 bytes):
        {"error":"internal_error","message":"upstream timed out","trace_id":"166ddfef916730c3"}"
    `);
  });

  it('get_throughput', async () => {
    expect(text(await call('get_throughput', { ...WINDOW, interval: '1h' }))).toMatchInlineSnapshot(`
      "Range: 2026-09-30T12:00:00.000Z to 2026-09-30T18:00:00.000Z, every 1h (6 points, peak 80 at 2026-09-30T13:00:00.000Z)
      time                      total  2xx  3xx  4xx  5xx
      ------------------------  -----  ---  ---  ---  ---
      2026-09-30T12:00:00.000Z  73     62   2    9    0
      2026-09-30T13:00:00.000Z  80     69   3    8    0
      2026-09-30T14:00:00.000Z  76     67   0    7    2
      2026-09-30T15:00:00.000Z  78     76   0    2    0
      2026-09-30T16:00:00.000Z  78     72   2    4    0
      2026-09-30T17:00:00.000Z  76     71   0    5    0"
    `);
  });

  it('get_response_times', async () => {
    expect(text(await call('get_response_times', { ...WINDOW, interval: '1h' }))).toMatchInlineSnapshot(`
      "Range: 2026-09-30T12:00:00.000Z to 2026-09-30T18:00:00.000Z, every 1h
      Overall (461 requests): p50 70.5 ms, p95 481.6 ms, p99 1444.1 ms, avg 150.2 ms, max 4604.5 ms
      time                      count  p50      p95       p99        avg
      ------------------------  -----  -------  --------  ---------  --------
      2026-09-30T12:00:00.000Z  73     62.7 ms  500.8 ms  4604.5 ms  196.0 ms
      2026-09-30T13:00:00.000Z  80     67.8 ms  312.8 ms  818.8 ms   105.8 ms
      2026-09-30T14:00:00.000Z  76     76.2 ms  563.4 ms  712.9 ms   154.8 ms
      2026-09-30T15:00:00.000Z  78     60.2 ms  975.6 ms  2272.3 ms  184.3 ms
      2026-09-30T16:00:00.000Z  78     70.5 ms  312.8 ms  1124.9 ms  108.1 ms
      2026-09-30T17:00:00.000Z  76     76.2 ms  366.0 ms  3559.3 ms  156.4 ms"
    `);
  });

  it('get_metrics, get_throughput and get_response_times take one route and count the same requests over an unaligned range', async () => {
    const range = { from: '2026-09-30T12:20:00Z', to: '2026-09-30T15:40:00Z' };
    const filter = { route: '/api/users/:id', method: 'GET' };
    const expected = records.filter(
      (r) =>
        r.environmentId === account.environments.production &&
        r.timestamp >= new Date(range.from) &&
        r.timestamp < new Date(range.to) &&
        r.route === filter.route &&
        r.method === 'GET',
    ).length;
    const metrics = await call('get_metrics', { ...range, ...filter });
    const throughput = await call('get_throughput', { ...range, ...filter, interval: '1h' });
    const responseTimes = await call('get_response_times', { ...range, ...filter, interval: '1h' });
    expect(metrics.structuredContent).toMatchObject({
      range: { from: '2026-09-30T12:20:00.000Z', to: '2026-09-30T15:40:00.000Z' },
      total_requests: expected,
    });
    expect(
      (throughput.structuredContent as { points: { total: number }[] }).points.reduce((sum, p) => sum + p.total, 0),
    ).toBe(expected);
    expect(responseTimes.structuredContent).toMatchObject({ overall: { count: expected } });
    expect(text(metrics)).toMatchInlineSnapshot(`
      "Range: 2026-09-30T12:20:00.000Z to 2026-09-30T15:40:00.000Z
      Only: GET /api/users/:id
      Total requests: 43
      Average response time: 31.7 ms
      Errors: 4 (9.30%): 4 4xx, 0 5xx
      Blocked: 0"
    `);
    expect(text(responseTimes)).toMatchInlineSnapshot(`
      "Range: 2026-09-30T12:20:00.000Z to 2026-09-30T15:40:00.000Z, every 1h
      Only: GET /api/users/:id
      Overall (43 requests): p50 24.4 ms, p95 40.7 ms, p99 267.4 ms, avg 31.7 ms, max 269.4 ms
      time                       count  p50      p95       p99       avg
      -------------------------  -----  -------  --------  --------  -------
      2026-09-30T12:00:00.000Z*  9      26.4 ms  267.4 ms  267.4 ms  53.3 ms
      2026-09-30T13:00:00.000Z   15     29.7 ms  44.0 ms   44.0 ms   28.5 ms
      2026-09-30T14:00:00.000Z   11     21.7 ms  35.6 ms   35.6 ms   22.6 ms
      2026-09-30T15:00:00.000Z*  8      22.6 ms  40.7 ms   40.7 ms   26.0 ms
      * partial interval: only its part inside the range is counted."
    `);
  });

  it('get_endpoints lists the slowest endpoints with their change against the previous period', async () => {
    const result = await call('get_endpoints', { ...WINDOW, sort: 'p95', limit: 4 });
    const inWindow = records.filter(
      (r) =>
        r.environmentId === account.environments.production &&
        r.timestamp >= new Date(WINDOW.from) &&
        r.timestamp < new Date(WINDOW.to),
    );
    expect((result.structuredContent as { total: number }).total).toBe(
      new Set(inWindow.map((r) => `${r.method} ${r.route}`)).size,
    );
    expect(text(result)).toMatchInlineSnapshot(`
      "Range: 2026-09-30T12:00:00.000Z to 2026-09-30T18:00:00.000Z, sorted by p95; p95 change is against the previous period of the same length
      endpoint           requests  errors  p50 ms  p95 ms  p99 ms  p95 before  change
      -----------------  --------  ------  ------  ------  ------  ----------  ------
      POST /deliver/:id  34        8.82%   325.3   1689.4  3559.3  2055.4      0.82x
      POST /v1/refunds   14        7.14%   237.7   833.9   833.9   833.9       1.00x
      POST /api/users    11        9.09%   154.4   741.4   741.4   3290.8      0.23x
      POST /v1/charges   56        3.57%   180.6   481.6   975.6   445.2       1.08x
      Showing 4 of 14. More: call again with cursor "ZW5kcG9pbnRzOjQ"."
    `);
  });

  it('list_buckets, list_environments, list_redactions, list_exclusions', async () => {
    expect(text(await call('list_buckets'))).toMatchInlineSnapshot(`
      "name      description  id
      --------  -----------  -------------------------
      catalog   -            <id>
      checkout  -            <id>"
    `);
    expect(text(await call('list_environments'))).toMatchInlineSnapshot(`
      "name        description  id
      ----------  -----------  -------------------------
      production  -            <id>"
    `);
    expect(text(await call('list_redactions'))).toMatchInlineSnapshot(`
      "name                  target  selector       mask         enabled  hits  buckets
      --------------------  ------  -------------  -----------  -------  ----  -------
      Authorization header  header  authorization  placeholder  yes      0     all"
    `);
    expect(text(await call('list_exclusions'))).toMatchInlineSnapshot(`
      "name           excludes                           enabled  hits  buckets
      -------------  ---------------------------------  -------  ----  -------
      Health checks  method GET and path glob /healthz  yes      0     all"
    `);
  });

  it('create_event then list_events, which shows every field in its text', async () => {
    const created = await call('create_event', {
      type: 'deployment',
      title: 'Deploy v2.3.1',
      version: '2.3.1',
      source: 'github-actions',
      description: 'Connection pool raised to 40',
      url: 'https://ci.example.com/runs/7',
      started_at: '2026-09-30T15:00:00Z',
      ended_at: '2026-09-30T15:04:00Z',
    });
    expect(text(created)).toMatchInlineSnapshot(
      `"Created deployment event "Deploy v2.3.1" (<id>) at 2026-09-30T15:00:00.000Z."`,
    );
    expect(text(await call('list_events', { ...WINDOW }))).toMatchInlineSnapshot(`
      "Range: 2026-09-30T12:00:00.000Z to 2026-09-30T18:00:00.000Z
      started                   ended                     type        title          version  source          bucket  id
      ------------------------  ------------------------  ----------  -------------  -------  --------------  ------  -------------------------
      2026-09-30T15:00:00.000Z  2026-09-30T15:04:00.000Z  deployment  Deploy v2.3.1  2.3.1    github-actions  -       <id>
      <id>: created by token:assistant; url https://ci.example.com/runs/7; description: Connection pool raised to 40"
    `);
  });

  it('invalid arguments come back as isError with a message naming the problem', async () => {
    const result = await call('get_metrics', { since: 'yesterday' });
    expect(result.isError).toBe(true);
    expect(result.content[0]!.text).toMatchInlineSnapshot(
      `"since: "yesterday" is not a duration such as 15m, 2h, 24h or 7d. Check the arguments and call again."`,
    );
    const unknownKey = await call('get_metrics', { since: '2h', environment: 'staging' });
    expect(unknownKey.isError).toBe(true);
    expect(unknownKey.content[0]!.text).toContain('environment');
  });

  it('list_mcp_servers, get_mcp_server and get_mcp_server_stats for a token with inventory:read', async () => {
    const file = (content: object) =>
      scannedFile({
        client: 'claude_desktop',
        fileName: 'claude_desktop_config.json',
        filePath: '/Users/sam/Library/Application Support/Claude/claude_desktop_config.json',
        content: JSON.stringify(content),
      });
    const base = { label: 'laptop', hostname: 'sam-laptop', platform: 'darwin' };
    await importSnapshot(app.db, account.accountId, {
      ...base,
      takenAt: new Date('2026-09-01T10:00:00Z'),
      files: [file({ mcpServers: { fetch: { command: 'uvx', args: ['mcp-server-fetch'] } } })],
    });
    await importSnapshot(app.db, account.accountId, {
      ...base,
      takenAt: new Date('2026-09-02T10:00:00Z'),
      files: [
        file({
          mcpServers: {
            fetch: { command: 'uvx', args: ['mcp-server-fetch'] },
            github: {
              command: 'npx',
              args: ['-y', '@modelcontextprotocol/server-github'],
              env: { GITHUB_TOKEN: `ghp_${'Ab1'.repeat(12)}` },
            },
          },
        }),
      ],
    });
    const inventory = (await createToken(app.db, account, { environment: 'production', scopes: ['inventory:read'] }))
      .secret;
    const { client: reader } = await connectStreamable(app.url, inventory);
    try {
      expect((await reader.listTools()).tools.map((t) => t.name)).toEqual([
        'list_mcp_servers',
        'get_mcp_server',
        'get_mcp_server_stats',
        'get_inventory_drift',
      ]);
      const list = (await reader.callTool({ name: 'list_mcp_servers', arguments: {} })) as TextResult;
      expect(text(list)).toMatchInlineSnapshot(`
        "id  name    client          transport  command                                     status    snapshot
        --  ------  --------------  ---------  ------------------------------------------  --------  --------
        2   fetch   claude_desktop  stdio      uvx mcp-server-fetch                        detected  2
        3   github  claude_desktop  stdio      npx -y @modelcontextprotocol/server-github  detected  2
        1   fetch   claude_desktop  stdio      uvx mcp-server-fetch                        detected  1
        3 in all."
      `);
      const github = (list.structuredContent as { servers: { id: number; server_name: string }[] }).servers.find(
        (s) => s.server_name === 'github',
      )!;
      expect(
        text((await reader.callTool({ name: 'get_mcp_server', arguments: { id: github.id } })) as TextResult).replace(
          /id \d+/,
          'id <n>',
        ),
      ).toMatchInlineSnapshot(`
        "github (id <n>, claude_desktop, stdio, runtime npx): detected, seen in 1 snapshots from 2026-09-02T10:00:00.000Z to 2026-09-02T10:00:00.000Z
        Command: npx -y @modelcontextprotocol/server-github
        Env: {"GITHUB_TOKEN":"[REDACTED_TOKEN]"}
        Working directory: -
        Config: /Users/[REDACTED_PII]/Library/Application Support/Claude/claude_desktop_config.json
        Logs: none found
        Secrets or personal data in this configuration were redacted."
      `);
      expect(
        text((await reader.callTool({ name: 'get_mcp_server_stats', arguments: {} })) as TextResult).replace(
          /\n\d+ laptop/g,
          '\n<n> laptop',
        ),
      ).toMatchInlineSnapshot(`
        "2 distinct servers in 3 configurations across 2 snapshots.
        snapshot  taken                     servers
        --------  ------------------------  -------
        <n> laptop  2026-09-01T10:00:00.000Z  1
        <n> laptop  2026-09-02T10:00:00.000Z  2
        Most common: fetch (2), github (1)
        Config files: /Users/[REDACTED_PII]/Library/Application Support/Claude/claude_desktop_config.json"
      `);
    } finally {
      await reader.close();
    }
  });

  it('list_mcp_servers filters by any client id the scanner knows, not only the first seven', async () => {
    // The helper reads JSON; the codex shape is what matters here, not TOML parsing (tested with the scanner).
    const path = '/home/sam/.codex/config.toml';
    await importSnapshot(app.db, account.accountId, {
      label: 'codex-box',
      hostname: 'codex-box',
      platform: 'linux',
      takenAt: new Date('2026-09-03T10:00:00Z'),
      files: [
        scannedFile({
          client: 'codex',
          fileName: 'config.toml',
          filePath: path,
          content: JSON.stringify({ mcp_servers: { docs: { command: 'npx', args: ['-y', 'docs-mcp'] } } }),
          shape: 'codex',
        }),
      ],
    });
    const inventory = (await createToken(app.db, account, { environment: 'production', scopes: ['inventory:read'] }))
      .secret;
    const { client: reader } = await connectStreamable(app.url, inventory);
    try {
      const list = (await reader.callTool({ name: 'list_mcp_servers', arguments: { client: 'codex' } })) as TextResult;
      expect(list.isError).toBeFalsy();
      expect(
        (list.structuredContent as { servers: { server_name: string; client: string; command: string }[] }).servers,
      ).toEqual([expect.objectContaining({ server_name: 'docs', client: 'codex', command: 'npx -y docs-mcp' })]);
    } finally {
      await reader.close();
    }
  });

  it('the same tools answer over the legacy SSE transport', async () => {
    const sse = await connectLegacySse(app.url, secret);
    try {
      const result = (await sse.callTool({ name: 'get_metrics', arguments: WINDOW })) as TextResult;
      expect(result.structuredContent).toEqual((await call('get_metrics', WINDOW)).structuredContent);
    } finally {
      await sse.close();
    }
  });
});
