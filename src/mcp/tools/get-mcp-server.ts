import { z } from 'zod';
import { McpGetMcpServerDocument } from '../../generated/graphql.ts';
import { defineTool, READ_ONLY } from '../tool.ts';

export const getMcpServerTool = defineTool({
  name: 'get_mcp_server',
  title: 'Get one MCP server configuration',
  description:
    'One MCP server configuration, secrets and personal paths redacted, with status, history, runtime and log files.',
  scopes: ['inventory:read'],
  annotations: READ_ONLY,
  input: z.object({ id: z.number().int().min(1).describe('From list_mcp_servers.') }).strict(),
  output: z.object({
    id: z.number(),
    server_name: z.string(),
    client: z.string(),
    transport: z.string(),
    command: z.string().nullable(),
    args: z.unknown(),
    env: z.unknown(),
    working_directory: z.string().nullable(),
    url: z.string().nullable(),
    headers: z.unknown(),
    config_file: z.string(),
    file_path: z.string(),
    status: z.string(),
    first_seen: z.string(),
    last_seen: z.string(),
    snapshot_count: z.number(),
    runtime: z.string(),
    log_locations: z.array(z.string()),
    sanitized: z.boolean(),
  }),
  async run(args, { execute }) {
    const { snapshotServer: s } = await execute(McpGetMcpServerDocument, { id: args.id });
    const structured = {
      id: s.id,
      server_name: s.serverName,
      client: s.client,
      transport: s.transport,
      command: s.command,
      args: s.args,
      env: s.env,
      working_directory: s.workingDirectory,
      url: s.url,
      headers: s.headers,
      config_file: s.configFile,
      file_path: s.filePath,
      status: s.status,
      first_seen: s.firstSeen,
      last_seen: s.lastSeen,
      snapshot_count: s.snapshotCount,
      runtime: s.capabilities.runtime,
      log_locations: s.logFiles,
      sanitized: s.sanitized,
    };
    const lines = [
      `${s.serverName} (id ${s.id}, ${s.client}, ${s.transport}, runtime ${s.capabilities.runtime}): ${s.status}, seen in ${s.snapshotCount} snapshots from ${s.firstSeen} to ${s.lastSeen}`,
      s.command
        ? `Command: ${[s.command, ...(Array.isArray(s.args) ? (s.args as unknown[]).map(String) : [])].join(' ')}`
        : `URL: ${s.url ?? '-'}`,
      `Env: ${JSON.stringify(s.env ?? {})}`,
      ...(s.headers && Object.keys(s.headers as object).length ? [`Headers: ${JSON.stringify(s.headers)}`] : []),
      `Working directory: ${s.workingDirectory ?? '-'}`,
      `Config: ${s.filePath}`,
      `Logs: ${s.logFiles.length ? s.logFiles.join(', ') : 'none found'}`,
      s.sanitized ? 'Secrets or personal data in this configuration were redacted.' : 'Nothing needed redacting.',
    ];
    return { structured, text: lines.join('\n') };
  },
});
