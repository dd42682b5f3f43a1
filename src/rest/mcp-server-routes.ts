import { z } from 'zod';
import {
  serverListResponse,
  statsResponse,
  serverDetailResponse,
  serverStatusResponse,
  serverConfigResponse,
  serverCapabilitiesResponse,
  serverLogsResponse,
} from './response-schemas.ts';
import {
  RestListMcpServersDocument,
  RestMcpServerCapabilitiesDocument,
  RestMcpServerConfigDocument,
  RestMcpServerDetailDocument,
  RestMcpServerLogsDocument,
  RestMcpServerStatsDocument,
  RestMcpServerStatusDocument,
} from '../generated/graphql.ts';
import { defineRoute, type RestRoute } from './rest-route.ts';
import { seedTimestamp, snapshotKey } from './seed-format.ts';

const intParam = (name: string) =>
  z
    .string()
    .regex(/^\d{1,9}$/, `${name} must be a positive integer`)
    .transform(Number);

const listQuery = z
  .object({
    page: intParam('page').pipe(z.number().min(1, 'page must be 1 or more')).optional(),
    limit: intParam('limit')
      .pipe(z.number().min(1, 'limit must be from 1 to 100').max(100, 'limit must be from 1 to 100'))
      .optional(),
    snapshot_id: intParam('snapshot_id').optional(),
    server_name: z.string().max(200, 'server_name is too long').optional(),
  })
  .strict();

const idParam = z.object({ server_id: intParam('server_id') });

/** The seed's seven endpoints, each a GraphQL operation and a reshaping into the seed's JSON. */
export const MCP_SERVER_ROUTES: RestRoute[] = [
  defineRoute({
    path: '/api/v1/mcp-servers',
    response: serverListResponse,
    summary: 'List MCP servers found across snapshots',
    query: listQuery,
    async handle({ query }, execute) {
      const { snapshotServers: p } = await execute(RestListMcpServersDocument, {
        page: query.page ?? 1,
        limit: query.limit ?? 20,
        snapshotId: query.snapshot_id ?? null,
        name: query.server_name ?? null,
      });
      return {
        items: p.items.map((s) => ({
          id: s.id,
          server_name: s.serverName,
          command: s.commandLine,
          transport: s.transport,
          url: s.url,
          snapshot_id: s.snapshotId,
          config_file: s.configFile,
          first_seen: seedTimestamp(s.firstSeen),
          last_seen: seedTimestamp(s.lastSeen),
        })),
        total: p.total,
        page: p.page,
        page_size: p.pageSize,
        total_pages: p.totalPages,
        has_next: p.hasNext,
        has_previous: p.hasPrevious,
      };
    },
  }),
  defineRoute({
    path: '/api/v1/mcp-servers/stats',
    response: statsResponse,
    summary: 'Aggregated statistics across snapshots',
    async handle(_input, execute) {
      const { snapshotServerStats: s } = await execute(RestMcpServerStatsDocument, {});
      return {
        total_servers: s.totalServers,
        total_configurations: s.totalConfigurations,
        servers_by_snapshot: Object.fromEntries(
          s.serversBySnapshot.map((b) => [snapshotKey(b.snapshotId, b.takenAt), b.count]),
        ),
        most_common_servers: s.mostCommonServers.map((c) => ({ server_name: c.serverName, count: c.count })),
        config_file_locations: s.configFileLocations,
      };
    },
  }),
  defineRoute({
    path: '/api/v1/mcp-servers/{server_id}',
    response: serverDetailResponse,
    summary: 'MCP server details (sanitized)',
    params: idParam,
    async handle({ params }, execute) {
      const { snapshotServer: s } = await execute(RestMcpServerDetailDocument, { id: params.server_id });
      return {
        id: s.id,
        server_name: s.serverName,
        command: s.commandLine,
        args: s.args,
        env: s.env,
        working_directory: s.workingDirectory,
        transport: s.transport,
        url: s.url,
        headers: s.headers,
        snapshot_id: s.snapshotId,
        config_file: s.configFile,
        file_path: s.filePath,
        created_at: seedTimestamp(s.createdAt),
        updated_at: seedTimestamp(s.updatedAt),
      };
    },
  }),
  defineRoute({
    path: '/api/v1/mcp-servers/{server_id}/status',
    response: serverStatusResponse,
    summary: 'Status and tracking across snapshots',
    params: idParam,
    async handle({ params }, execute) {
      const { snapshotServer: s } = await execute(RestMcpServerStatusDocument, { id: params.server_id });
      return {
        server_id: s.id,
        server_name: s.serverName,
        status: s.status,
        last_seen: seedTimestamp(s.lastSeen),
        first_seen: seedTimestamp(s.firstSeen),
        snapshot_count: s.snapshotCount,
        config_locations: s.configLocations,
      };
    },
  }),
  defineRoute({
    path: '/api/v1/mcp-servers/{server_id}/config',
    response: serverConfigResponse,
    summary: 'Full configuration (sanitized)',
    params: idParam,
    async handle({ params }, execute) {
      const { snapshotServer: s } = await execute(RestMcpServerConfigDocument, { id: params.server_id });
      return {
        server_id: s.id,
        server_name: s.serverName,
        command: s.commandLine,
        args: s.args,
        env: s.env,
        working_directory: s.workingDirectory,
        transport: s.transport,
        url: s.url,
        headers: s.headers,
        sanitized: s.sanitized,
      };
    },
  }),
  defineRoute({
    path: '/api/v1/mcp-servers/{server_id}/capabilities',
    response: serverCapabilitiesResponse,
    summary: 'Capabilities detected from the configuration',
    params: idParam,
    async handle({ params }, execute) {
      const { snapshotServer: s } = await execute(RestMcpServerCapabilitiesDocument, { id: params.server_id });
      return {
        server_id: s.id,
        server_name: s.serverName,
        command_type: s.capabilities.commandType,
        has_args: s.capabilities.hasArgs,
        has_env: s.capabilities.hasEnv,
        has_working_dir: s.capabilities.hasWorkingDir,
      };
    },
  }),
  defineRoute({
    path: '/api/v1/mcp-servers/{server_id}/logs',
    response: serverLogsResponse,
    summary: 'Log file locations (sanitized), not contents',
    params: idParam,
    async handle({ params }, execute) {
      const { snapshotServer: s } = await execute(RestMcpServerLogsDocument, { id: params.server_id });
      return {
        server_id: s.id,
        server_name: s.serverName,
        log_files_found: s.logFiles.length,
        log_locations: s.logFiles,
        sanitized: s.logFilesSanitized,
      };
    },
  }),
];
