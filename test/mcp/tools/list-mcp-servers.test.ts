import { describe, expect, it } from 'vitest';
import { scannedFile } from '../../helpers/config-files.ts';
import { importSnapshot } from '../../../src/domain/inventory/import-snapshot.ts';
import { toolText, useTrafficTools } from '../../helpers/mcp-tool-harness.ts';

describe('list_mcp_servers', () => {
  const tools = useTrafficTools({ traffic: false, inventory: true });

  it('lists every server of every snapshot for a token with inventory:read, newest snapshot first', async () => {
    const list = await tools.inventory('list_mcp_servers');
    expect(toolText(list)).toMatchInlineSnapshot(`
      "id  name    client          transport  command                                     status    snapshot
      --  ------  --------------  ---------  ------------------------------------------  --------  --------
      2   fetch   claude_desktop  stdio      uvx mcp-server-fetch                        detected  2
      3   github  claude_desktop  stdio      npx -y @modelcontextprotocol/server-github  detected  2
      1   fetch   claude_desktop  stdio      uvx mcp-server-fetch                        detected  1
      3 in all."
    `);
  });

  it('filters by any client id the scanner knows, not only the first seven', async () => {
    // The helper reads JSON; the codex shape is what matters here, not TOML parsing (tested with the scanner).
    await importSnapshot(tools.app.db, tools.account.accountId, {
      label: 'codex-box',
      hostname: 'codex-box',
      platform: 'linux',
      takenAt: new Date('2026-09-03T10:00:00Z'),
      files: [
        scannedFile({
          client: 'codex',
          fileName: 'config.toml',
          filePath: '/home/sam/.codex/config.toml',
          content: JSON.stringify({ mcp_servers: { docs: { command: 'npx', args: ['-y', 'docs-mcp'] } } }),
          shape: 'codex',
        }),
      ],
    });
    const list = await tools.inventory('list_mcp_servers', { client: 'codex' });
    expect(list.isError).toBeFalsy();
    expect(
      (list.structuredContent as { servers: { server_name: string; client: string; command: string }[] }).servers,
    ).toEqual([expect.objectContaining({ server_name: 'docs', client: 'codex', command: 'npx -y docs-mcp' })]);
  });
});
