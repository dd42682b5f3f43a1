import { z } from 'zod';
import { McpListMcpServersDocument } from '../../generated/graphql.ts';
import { CLIENT_ID, CLIENT_ID_RULE } from '../../domain/inventory/client-id.ts';
import { defineTool, READ_ONLY } from '../tool.ts';
import { table } from '../text-format.ts';

export const listMcpServersTool = defineTool({
  name: 'list_mcp_servers',
  title: 'List MCP server configurations',
  description:
    "MCP servers in AI clients' config snapshots (Claude Desktop, Cursor, VS Code, Claude Code...), newest snapshot first.",
  scopes: ['inventory:read'],
  annotations: READ_ONLY,
  input: z
    .object({
      server_name: z.string().max(200).optional().describe('Part of the server name, case-insensitive.'),
      snapshot_id: z.number().int().min(1).optional(),
      client: z
        .string()
        .regex(CLIENT_ID, CLIENT_ID_RULE)
        .optional()
        .describe('Client id as listed, e.g. claude_desktop, cursor, vscode, codex.'),
      page: z.number().int().min(1).optional().describe('Default 1.'),
      limit: z.number().int().min(1).max(100).optional().describe('Per page. Default 20.'),
    })
    .strict(),
  output: z.object({
    total: z.number(),
    page: z.number(),
    total_pages: z.number(),
    servers: z.array(
      z.object({
        id: z.number(),
        server_name: z.string(),
        client: z.string(),
        transport: z.string(),
        command: z.string().nullable().describe('Command line: executable, then arguments; null for a remote server.'),
        snapshot_id: z.number(),
        config_file: z.string(),
        status: z.string(),
        last_seen: z.string(),
      }),
    ),
  }),
  async run(args, { execute }) {
    const { snapshotServers: p } = await execute(McpListMcpServersDocument, {
      name: args.server_name ?? null,
      snapshotId: args.snapshot_id ?? null,
      client: args.client ?? null,
      page: args.page ?? 1,
      limit: args.limit ?? 20,
    });
    const servers = p.items.map((s) => ({
      id: s.id,
      server_name: s.serverName,
      client: s.client,
      transport: s.transport,
      command: s.commandLine,
      snapshot_id: s.snapshotId,
      config_file: s.configFile,
      status: s.status,
      last_seen: s.lastSeen,
    }));
    const footer = p.hasNext
      ? `Page ${p.page} of ${p.totalPages} (${p.total} in all). More: call again with page ${p.page + 1}.`
      : `${p.total} in all.`;
    return {
      structured: { total: p.total, page: p.page, total_pages: p.totalPages, servers },
      text: [
        servers.length === 0
          ? 'No MCP servers found.'
          : table(
              ['id', 'name', 'client', 'transport', 'command', 'status', 'snapshot'],
              servers.map((s) => [s.id, s.server_name, s.client, s.transport, s.command, s.status, s.snapshot_id]),
            ),
        footer,
      ].join('\n'),
    };
  },
});
