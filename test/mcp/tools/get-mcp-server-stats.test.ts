import { describe, expect, it } from 'vitest';
import { toolText, useTrafficTools } from '../../helpers/mcp-tool-harness.ts';

describe('get_mcp_server_stats', () => {
  const tools = useTrafficTools({ traffic: false, inventory: true });

  it('counts servers per snapshot and names the most common servers and the config files', async () => {
    const stats = await tools.inventory('get_mcp_server_stats');
    expect(toolText(stats).replace(/\n\d+ laptop/g, '\n<n> laptop')).toMatchInlineSnapshot(`
      "2 distinct servers in 3 configurations across 2 snapshots.
      snapshot  taken                     servers
      --------  ------------------------  -------
      <n> laptop  2026-09-01T10:00:00.000Z  1
      <n> laptop  2026-09-02T10:00:00.000Z  2
      Most common: fetch (2), github (1)
      Config files: /Users/[REDACTED_PII]/Library/Application Support/Claude/claude_desktop_config.json"
    `);
  });
});
