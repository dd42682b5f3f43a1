import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { connectStreamable, startTestApp } from '../helpers/app-server.ts';
import { createAccount, createToken } from '../helpers/fixtures.ts';

const value = (text: string, line: string) =>
  Number(new RegExp(`^${line.replace(/[{}"]/g, (c) => `\\${c}`)} (\\S+)$`, 'm').exec(text)?.[1] ?? NaN);

describe('/metrics', () => {
  let app: Awaited<ReturnType<typeof startTestApp>>;
  let token: string;

  beforeAll(async () => {
    app = await startTestApp();
    const account = await createAccount(app.db, 'metrics', ['production'], ['orders']);
    token = (
      await createToken(app.db, account, {
        environment: 'production',
        scopes: ['traffic:read', 'traffic:write', 'config:read'],
      })
    ).secret;
  });
  afterAll(() => app.dispose());

  it('counts requests per surface, tool calls, ingest results and sessions, in Prometheus text', async () => {
    const { client } = await connectStreamable(app.url, token);
    await client.callTool({ name: 'list_buckets', arguments: {} });
    await client.callTool({ name: 'get_metrics', arguments: { since: 'bogus' } });
    await client.close();
    await fetch(`${app.url}/api/v1/ingest`, {
      method: 'POST',
      headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
      body: JSON.stringify([
        {
          bucket: 'orders',
          method: 'GET',
          url: 'https://x.example/a',
          status: 200,
          duration_ms: 3,
          timestamp: new Date().toISOString(),
        },
        { bad: true },
      ]),
    });
    await fetch(`${app.url}/api/v1/mcp-servers`);

    const response = await fetch(`${app.url}/metrics`);
    expect(response.status).toBe(200);
    expect(response.headers.get('content-type')).toContain('text/plain');
    const text = await response.text();
    expect(value(text, 'trafficgraph_mcp_tool_calls_total{tool="list_buckets",outcome="ok"}')).toBe(1);
    expect(value(text, 'trafficgraph_mcp_tool_calls_total{tool="get_metrics",outcome="BAD_USER_INPUT"}')).toBe(1);
    expect(value(text, 'trafficgraph_ingest_records_total{result="accepted"}')).toBe(1);
    expect(value(text, 'trafficgraph_ingest_records_total{result="rejected"}')).toBe(1);
    expect(value(text, 'trafficgraph_mcp_sessions_created_total{transport="streamable-http"}')).toBe(1);
    expect(value(text, 'trafficgraph_http_requests_total{surface="rest",status="200"}')).toBe(2);
    expect(value(text, 'trafficgraph_http_requests_total{surface="mcp",status="200"}')).toBeGreaterThanOrEqual(3);
    expect(text).toMatch(/^trafficgraph_http_request_duration_seconds_bucket\{le="0.05",surface="mcp"\} \d+$/m);
    expect(text).toContain('trafficgraph_process_cpu_seconds_total');
  });
});
