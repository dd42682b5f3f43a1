import { z } from 'zod';

// The seed's JSON shapes, as the REST shims produce them. The OpenAPI document is generated from these,
// and a test checks every route's real answers against them, so the document cannot drift from the code.
const timestamp = z.string().describe('UTC, no zone: 2025-11-10T14:30:00');
const nullableString = z.string().nullable();

// Beyond the seed's fields (kept as they were): how a server is reached, so remote servers are not `command: null` and nothing else.
const transport = z
  .enum(['stdio', 'http', 'sse', 'websocket'])
  .describe('stdio for a command; http, sse or websocket for a remote server');
const url = nullableString.describe("A remote server's URL (secrets in it redacted); null for a command");
const headers = z
  .record(z.string(), z.string())
  .nullable()
  .describe("A remote server's headers, values redacted where credential-like");
const commandLine = nullableString.describe(
  'The command line: executable then arguments, as the seed shows it; null for a remote server',
);

export const serverListItem = z.object({
  id: z.number().int(),
  server_name: z.string(),
  command: commandLine,
  transport,
  url,
  snapshot_id: z.number().int(),
  config_file: z.string(),
  first_seen: timestamp,
  last_seen: timestamp,
});

export const serverListResponse = z.object({
  items: z.array(serverListItem),
  total: z.number().int(),
  page: z.number().int(),
  page_size: z.number().int(),
  total_pages: z.number().int(),
  has_next: z.boolean(),
  has_previous: z.boolean(),
});

export const statsResponse = z.object({
  total_servers: z.number().int(),
  total_configurations: z.number().int(),
  servers_by_snapshot: z.record(z.string(), z.number().int()),
  most_common_servers: z.array(z.object({ server_name: z.string(), count: z.number().int() })),
  config_file_locations: z.array(z.string()),
});

const env = z.record(z.string(), z.string()).nullable();
const args = z.array(z.string()).nullable();

export const serverDetailResponse = z.object({
  id: z.number().int(),
  server_name: z.string(),
  command: commandLine,
  args,
  env,
  working_directory: nullableString,
  transport,
  url,
  headers,
  snapshot_id: z.number().int(),
  config_file: z.string(),
  file_path: z.string(),
  created_at: timestamp,
  updated_at: timestamp,
});

export const serverStatusResponse = z.object({
  server_id: z.number().int(),
  server_name: z.string(),
  status: z.string().describe('detected, configured or unknown, against the latest snapshot of its own machine'),
  last_seen: timestamp,
  first_seen: timestamp,
  snapshot_count: z.number().int(),
  config_locations: z.array(z.string()).describe('Full paths of the config files holding it on its machine'),
});

export const serverConfigResponse = z.object({
  server_id: z.number().int(),
  server_name: z.string(),
  command: commandLine,
  args,
  env,
  working_directory: nullableString,
  transport,
  url,
  headers,
  sanitized: z.boolean(),
});

export const serverCapabilitiesResponse = z.object({
  server_id: z.number().int(),
  server_name: z.string(),
  command_type: z.string(),
  has_args: z.boolean(),
  has_env: z.boolean(),
  has_working_dir: z.boolean(),
});

export const serverLogsResponse = z.object({
  server_id: z.number().int(),
  server_name: z.string(),
  log_files_found: z.number().int(),
  log_locations: z.array(z.string()),
  sanitized: z.boolean(),
});

export const errorResponse = z.object({ detail: z.string() });

export const ingestResponse = z.object({
  received: z.number().int(),
  accepted: z.number().int(),
  duplicates: z.number().int(),
  excluded: z.array(z.object({ index: z.number().int(), rule_id: z.string() })),
  rejected: z.array(z.object({ index: z.number().int(), reason: z.string() })),
});
