import { describe, expect, it } from 'vitest';
import { connectLegacySse } from '../../helpers/app-server.ts';
import {
  DEMO_WINDOW,
  productionRequests,
  type ToolResult,
  toolText,
  useTrafficTools,
} from '../../helpers/mcp-tool-harness.ts';

describe('get_metrics', () => {
  const tools = useTrafficTools({ traffic: true });

  it('counts the requests and errors of a range and says them in a few lines', async () => {
    const result = await tools.call('get_metrics', DEMO_WINDOW);
    const inWindow = productionRequests(tools, DEMO_WINDOW);
    expect(result.structuredContent).toMatchObject({
      total_requests: inWindow.length,
      error_count: inWindow.filter((r) => r.status >= 400).length,
    });
    expect(toolText(result)).toMatchInlineSnapshot(`
      "Range: 2026-09-30T12:00:00.000Z to 2026-09-30T18:00:00.000Z
      Total requests: 461
      Average response time: 150.2 ms
      Errors: 37 (8.03%): 35 4xx, 2 5xx
      Blocked: 13"
    `);
  });

  it("says a range's end left to default is the server's now, and a given end is not", async () => {
    const before = Date.now();
    const result = await tools.call('get_metrics', { since: '1h' });
    const end = /^Range: \S+ to (\S+) \(now\)$/m.exec(result.content[0]!.text)?.[1];
    expect(end).toBeDefined();
    expect(Math.abs(new Date(end!).getTime() - before)).toBeLessThan(60_000);
    expect(toolText(await tools.call('get_metrics', DEMO_WINDOW))).not.toContain('(now)');
  });

  it('counts only one route over a range that cuts hours, and names the filter', async () => {
    const range = { from: '2026-09-30T12:20:00Z', to: '2026-09-30T15:40:00Z' };
    const expected = productionRequests(tools, range, (r) => r.route === '/api/users/:id' && r.method === 'GET');
    const metrics = await tools.call('get_metrics', { ...range, route: '/api/users/:id', method: 'GET' });
    expect(metrics.structuredContent).toMatchObject({
      range: { from: '2026-09-30T12:20:00.000Z', to: '2026-09-30T15:40:00.000Z' },
      total_requests: expected.length,
    });
    expect(toolText(metrics)).toMatchInlineSnapshot(`
      "Range: 2026-09-30T12:20:00.000Z to 2026-09-30T15:40:00.000Z
      Only: GET /api/users/:id
      Total requests: 43
      Average response time: 31.7 ms
      Errors: 4 (9.30%): 4 4xx, 0 5xx
      Blocked: 0"
    `);
  });

  it('counts a route pasted from an OpenAPI document ({id}) as the stored /api/users/:id', async () => {
    const range = { from: '2026-09-30T12:20:00Z', to: '2026-09-30T15:40:00Z' };
    const expected = productionRequests(tools, range, (r) => r.route === '/api/users/:id' && r.method === 'GET');
    const metrics = await tools.call('get_metrics', { ...range, route: '/api/users/{id}', method: 'GET' });
    expect(metrics.structuredContent).toMatchObject({ total_requests: expected.length });
  });

  it('says a route names no known endpoint rather than counting 0 requests without a word', async () => {
    const metrics = await tools.call('get_metrics', { ...DEMO_WINDOW, route: '/api/user/:id' });
    expect(toolText(metrics)).toContain('No endpoint has route /api/user/:id (in any parameter syntax)');
  });

  it('answers invalid arguments with isError and a message naming the problem', async () => {
    const result = await tools.call('get_metrics', { since: 'yesterday' });
    expect(result.isError).toBe(true);
    expect(result.content[0]!.text).toMatchInlineSnapshot(
      `"since: "yesterday" is not a duration such as 15m, 2h, 24h or 7d. Check the arguments and call again."`,
    );
    const unknownKey = await tools.call('get_metrics', { since: '2h', environment: 'staging' });
    expect(unknownKey.isError).toBe(true);
    expect(unknownKey.content[0]!.text).toContain('environment');
  });

  it('refuses a path that does not start with "/", naming the path argument, rather than counting nothing', async () => {
    const result = await tools.call('get_metrics', { ...DEMO_WINDOW, path: 'api/users' });
    expect(result.isError).toBe(true);
    expect(result.content[0]!.text).toMatchInlineSnapshot(
      `"path: "api/users" must start with "/" (a prefix like /api/users or a glob like /api/*/orders). Check the arguments and call again."`,
    );
  });

  it('answers the same over the legacy SSE transport', async () => {
    const sse = await connectLegacySse(tools.app.url, tools.secret);
    try {
      const result = (await sse.callTool({ name: 'get_metrics', arguments: DEMO_WINDOW })) as ToolResult;
      expect(result.structuredContent).toEqual((await tools.call('get_metrics', DEMO_WINDOW)).structuredContent);
    } finally {
      await sse.close();
    }
  });
});
