import { describe, expect, it } from 'vitest';
import { DEMO_WINDOW, type ToolResult, toolText, useTrafficTools } from '../../helpers/mcp-tool-harness.ts';

describe('search_requests', () => {
  const tools = useTrafficTools({ traffic: true });

  it('filters by method and status class, newest first, and pages with a cursor', async () => {
    const filter = { ...DEMO_WINDOW, method: 'POST', status_class: '4xx', limit: 3 };
    const first = await tools.call('search_requests', filter);
    expect(toolText(first)).toMatchInlineSnapshot(`
      "Range: 2026-09-30T12:00:00.000Z to 2026-09-30T18:00:00.000Z
      time                      method  status  ms     bucket   path                    id
      ------------------------  ------  ------  -----  -------  ----------------------  --------------------------
      2026-09-30T17:10:18.324Z  POST    422     83.4   catalog  /api/sessions           req_jcluyh6z9Pnpz4OBbXy9FO
      2026-09-30T17:01:40.464Z  POST    404     226.8  catalog  /deliver/po_1bf11f2684  req_QgSVrDnQlNKsToIKQ6_8NX
      2026-09-30T16:54:47.176Z  POST    401     42.1   catalog  /api/sessions           req_pWcvewAOrWKTsX36lI_Ojq
      Showing 3 of 17. More: call again with cursor "cjE6MTc5MDc4NzI4NzE3NjoyNTI4"."
    `);
    const next = (first.structuredContent as { next_cursor: string }).next_cursor;
    const second = await tools.call('search_requests', { ...filter, cursor: next });
    const ids = (r: ToolResult) => (r.structuredContent as { requests: { id: string }[] }).requests.map((x) => x.id);
    expect(ids(second)).toHaveLength(3);
    expect(ids(second).some((id) => ids(first).includes(id))).toBe(false);
  });

  it("finds rate-limited bot traffic by user agent and status (the seed's example)", async () => {
    const result = await tools.call('search_requests', { ...DEMO_WINDOW, user_agent: 'bot', status: 429, limit: 2 });
    const structured = result.structuredContent as {
      total: number;
      requests: { user_agent: string; status: number }[];
    };
    expect(structured.total).toBeGreaterThan(0);
    expect(structured.requests.every((r) => /bot/i.test(r.user_agent) && r.status === 429)).toBe(true);
  });
});
