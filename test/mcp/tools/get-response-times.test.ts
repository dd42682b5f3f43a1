import { describe, expect, it } from 'vitest';
import { DEMO_WINDOW, productionRequests, toolText, useTrafficTools } from '../../helpers/mcp-tool-harness.ts';

describe('get_response_times', () => {
  const tools = useTrafficTools({ traffic: true });

  it('gives percentiles and the average for the range and for each hour', async () => {
    expect(toolText(await tools.call('get_response_times', { ...DEMO_WINDOW, interval: '1h' }))).toMatchInlineSnapshot(`
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

  it('counts only one route over a range that cuts hours, and stars the partial hours', async () => {
    const range = { from: '2026-09-30T12:20:00Z', to: '2026-09-30T15:40:00Z' };
    const expected = productionRequests(tools, range, (r) => r.route === '/api/users/:id' && r.method === 'GET');
    const responseTimes = await tools.call('get_response_times', {
      ...range,
      route: '/api/users/:id',
      method: 'GET',
      interval: '1h',
    });
    expect(responseTimes.structuredContent).toMatchObject({ overall: { count: expected.length } });
    expect(toolText(responseTimes)).toMatchInlineSnapshot(`
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

  it('counts a route written as {id}, <int:id> or :userId as the stored /api/users/:id, from rollups and raw rows', async () => {
    const range = { from: '2026-09-30T12:20:00Z', to: '2026-09-30T15:40:00Z' };
    const expected = productionRequests(tools, range, (r) => r.route === '/api/users/:id' && r.method === 'GET');
    expect(expected.length).toBeGreaterThan(0);
    for (const route of ['/api/users/{id}', '/api/users/<int:user_id>', '/api/users/:userId']) {
      for (const interval of ['1h', '5m']) {
        const answer = await tools.call('get_response_times', { ...range, route, method: 'GET', interval });
        expect(answer.structuredContent, `${route} every ${interval}`).toMatchObject({
          overall: { count: expected.length },
        });
      }
    }
  });

  it('says a route names no known endpoint, and the closest known routes, rather than answering a bare 0', async () => {
    const answer = await tools.call('get_response_times', { ...DEMO_WINDOW, route: '/api/user/{id}', interval: '6h' });
    expect(answer.structuredContent).toMatchObject({ overall: { count: 0 } });
    expect(toolText(answer)).toMatchInlineSnapshot(`
      "Range: 2026-09-30T12:00:00.000Z to 2026-09-30T18:00:00.000Z, every 6h
      Only: /api/user/{id}
      No endpoint has route /api/user/{id} (in any parameter syntax) in the 30 days before the range ends; closest known routes: /api/users/:id, /api/users, /api/health.
      Overall (0 requests): p50 -, p95 -, p99 -, avg -, max -
      time                      count  p50  p95  p99  avg
      ------------------------  -----  ---  ---  ---  ---
      2026-09-30T12:00:00.000Z  0      -    -    -    -"
    `);
  });

  it('adds nothing when the route is known but had no requests in the range', async () => {
    const quiet = { from: '2026-10-05T00:00:00Z', to: '2026-10-05T06:00:00Z' };
    const answer = await tools.call('get_response_times', { ...quiet, route: '/api/users/{id}', interval: '6h' });
    expect(answer.structuredContent).toMatchObject({ overall: { count: 0 } });
    expect(toolText(answer)).not.toContain('No endpoint has route');
  });
});
