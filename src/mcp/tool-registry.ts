import type { Principal } from '../auth/principal.ts';
import { principalHasScope } from '../auth/principal.ts';
import type { Scope } from '../auth/scopes.ts';
import type { McpTool } from './tool.ts';
import { createEventTool } from './tools/create-event.ts';
import { getEndpointsTool } from './tools/get-endpoints.ts';
import { comparePeriodsTool } from './tools/compare-periods.ts';
import { findAnomaliesTool } from './tools/find-anomalies.ts';
import { getErrorsTool } from './tools/get-errors.ts';
import { getMetricsTool } from './tools/get-metrics.ts';
import { getRequestDetailTool } from './tools/get-request-detail.ts';
import { getResponseTimesTool } from './tools/get-response-times.ts';
import { getThroughputTool } from './tools/get-throughput.ts';
import { listBucketsTool } from './tools/list-buckets.ts';
import { listEnvironmentsTool } from './tools/list-environments.ts';
import { listEventsTool } from './tools/list-events.ts';
import { listExclusionsTool } from './tools/list-exclusions.ts';
import { listRedactionsTool } from './tools/list-redactions.ts';
import { searchRequestsTool } from './tools/search-requests.ts';
import { getMcpServerStatsTool } from './tools/get-mcp-server-stats.ts';
import { getMcpServerTool } from './tools/get-mcp-server.ts';
import { listMcpServersTool } from './tools/list-mcp-servers.ts';
import { getInventoryDriftTool } from './tools/get-inventory-drift.ts';

/**
 * Every tool in the order clients list them: traffic, configuration, events (the seed's grouping), then
 * inventory. No cast: McpTool.run is a method, so its parameter is bivariant and each tool keeps its own
 * argument type.
 */
export const ALL_TOOLS: McpTool[] = [
  searchRequestsTool,
  getMetricsTool,
  getErrorsTool,
  getRequestDetailTool,
  getThroughputTool,
  getResponseTimesTool,
  getEndpointsTool,
  comparePeriodsTool,
  findAnomaliesTool,
  listBucketsTool,
  listEnvironmentsTool,
  listRedactionsTool,
  listExclusionsTool,
  listEventsTool,
  createEventTool,
  listMcpServersTool,
  getMcpServerTool,
  getMcpServerStatsTool,
  getInventoryDriftTool,
];

/** The tools a principal may call: a tool appears only when the token holds every scope it needs. */
export function toolsFor(principal: Principal): McpTool[] {
  return ALL_TOOLS.filter((tool) => tool.scopes.every((scope) => principalHasScope(principal, scope)));
}

/** Every scope some tool needs, in tool order: a token holding none of them has nothing to do over MCP. */
export const TOOL_SCOPES: readonly Scope[] = [...new Set(ALL_TOOLS.flatMap((tool) => tool.scopes))];
