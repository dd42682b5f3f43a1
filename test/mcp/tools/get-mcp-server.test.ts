import { describe, expect, it } from 'vitest';
import { toolText, useTrafficTools } from '../../helpers/mcp-tool-harness.ts';

describe('get_mcp_server', () => {
  const tools = useTrafficTools({ traffic: false, inventory: true });

  it('shows one configuration with its secret and the home folder redacted', async () => {
    const list = await tools.inventory('list_mcp_servers');
    const github = (list.structuredContent as { servers: { id: number; server_name: string }[] }).servers.find(
      (s) => s.server_name === 'github',
    )!;
    const server = await tools.inventory('get_mcp_server', { id: github.id });
    expect(toolText(server).replace(/id \d+/, 'id <n>')).toMatchInlineSnapshot(`
      "github (id <n>, claude_desktop, stdio, runtime npx): detected, seen in 1 snapshots from 2026-09-02T10:00:00.000Z to 2026-09-02T10:00:00.000Z
      Command: npx -y @modelcontextprotocol/server-github
      Env: {"GITHUB_TOKEN":"[REDACTED_TOKEN]"}
      Working directory: -
      Config: /Users/[REDACTED_PII]/Library/Application Support/Claude/claude_desktop_config.json
      Logs: none found
      Secrets or personal data in this configuration were redacted."
    `);
  });
});
