import { z } from 'zod';
import { McpMcpServerStatsDocument } from '../../generated/graphql.ts';
import { defineTool, READ_ONLY } from '../tool.ts';
import { table } from '../text-format.ts';

export const getMcpServerStatsTool = defineTool({
  name: 'get_mcp_server_stats',
  title: 'MCP server statistics',
  description: 'MCP servers across snapshots: totals, per snapshot, most common, config files.',
  scopes: ['inventory:read'],
  annotations: READ_ONLY,
  input: z.object({}).strict(),
  output: z.object({
    total_servers: z.number(),
    total_configurations: z.number(),
    servers_by_snapshot: z.array(
      z.object({ snapshot_id: z.number(), label: z.string(), taken_at: z.string(), count: z.number() }),
    ),
    most_common_servers: z.array(z.object({ server_name: z.string(), count: z.number() })),
    config_file_locations: z.array(z.string()),
  }),
  async run(_args, { execute }) {
    const { snapshotServerStats: s } = await execute(McpMcpServerStatsDocument, {});
    const structured = {
      total_servers: s.totalServers,
      total_configurations: s.totalConfigurations,
      servers_by_snapshot: s.serversBySnapshot.map((b) => ({
        snapshot_id: b.snapshotId,
        label: b.label,
        taken_at: b.takenAt,
        count: b.count,
      })),
      most_common_servers: s.mostCommonServers.map((c) => ({ server_name: c.serverName, count: c.count })),
      config_file_locations: s.configFileLocations,
    };
    return {
      structured,
      text: [
        `${s.totalServers} distinct servers in ${s.totalConfigurations} configurations across ${s.serversBySnapshot.length} snapshots.`,
        table(
          ['snapshot', 'taken', 'servers'],
          structured.servers_by_snapshot.map((b) => [`${b.snapshot_id} ${b.label}`, b.taken_at, b.count]),
        ),
        `Most common: ${structured.most_common_servers.map((c) => `${c.server_name} (${c.count})`).join(', ') || 'none'}`,
        `Config files: ${s.configFileLocations.join(', ') || 'none'}`,
      ].join('\n'),
    };
  },
});
