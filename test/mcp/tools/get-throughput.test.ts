import { describe, expect, it } from 'vitest';
import { INTERVAL_LABELS } from '../../../src/domain/time/intervals.ts';
import { DEMO_WINDOW, productionRequests, toolText, useTrafficTools } from '../../helpers/mcp-tool-harness.ts';

describe('get_throughput', () => {
  const tools = useTrafficTools({ traffic: true });

  it('counts each hour by status class and names the peak', async () => {
    expect(toolText(await tools.call('get_throughput', { ...DEMO_WINDOW, interval: '1h' }))).toMatchInlineSnapshot(`
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

  it('counts only one route over a range that cuts hours, every request once', async () => {
    const range = { from: '2026-09-30T12:20:00Z', to: '2026-09-30T15:40:00Z' };
    const expected = productionRequests(tools, range, (r) => r.route === '/api/users/:id' && r.method === 'GET');
    const throughput = await tools.call('get_throughput', {
      ...range,
      route: '/api/users/:id',
      method: 'GET',
      interval: '1h',
    });
    expect(
      (throughput.structuredContent as { points: { total: number }[] }).points.reduce((sum, p) => sum + p.total, 0),
    ).toBe(expected.length);
  });

  it.each(INTERVAL_LABELS)(
    'answers interval %s in the words the model asked, though GraphQL names it',
    async (label) => {
      const answer = await tools.call('get_throughput', { ...DEMO_WINDOW, interval: label });
      expect((answer.structuredContent as { interval: string }).interval).toBe(label);
      expect(toolText(answer)).toContain(`, every ${label} (`);
    },
  );

  it('refuses an interval outside the list, naming the argument and the intervals it takes', async () => {
    const answer = await tools.call('get_throughput', { ...DEMO_WINDOW, interval: '2m' });
    expect(answer.isError).toBe(true);
    expect(toolText(answer)).toMatchInlineSnapshot(
      `"Invalid arguments for get_throughput: interval: Invalid option: expected one of "1m"|"5m"|"15m"|"1h"|"6h"|"1d". Check the arguments and call again."`,
    );
  });
});
