import { describe, expect, it } from 'vitest';
import { DEMO_WINDOW, productionRequests, toolText, useTrafficTools } from '../../helpers/mcp-tool-harness.ts';

describe('get_endpoints', () => {
  const tools = useTrafficTools({ traffic: true });

  it('lists the slowest endpoints with their change against the previous period', async () => {
    const result = await tools.call('get_endpoints', { ...DEMO_WINDOW, sort: 'p95', limit: 4 });
    const endpoints = new Set(productionRequests(tools, DEMO_WINDOW).map((r) => `${r.method} ${r.route}`));
    expect((result.structuredContent as { total: number }).total).toBe(endpoints.size);
    expect(toolText(result)).toMatchInlineSnapshot(`
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
});
