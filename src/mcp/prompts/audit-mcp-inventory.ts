import { z } from 'zod';
import { definePrompt } from '../prompt.ts';

export const auditMcpInventoryPrompt = definePrompt({
  name: 'audit_mcp_inventory',
  title: 'Audit the MCP server inventory',
  description: 'Review the MCP servers found in AI-client configurations for risks.',
  scopes: ['inventory:read'],
  arguments: z.object({}).strict(),
  async text() {
    return [
      'Audit the MCP servers configured in the AI clients of this environment.',
      '1. Call get_mcp_server_stats for the totals, the most common servers and the config files.',
      '2. Call list_mcp_servers (every page, limit 100) for each server, its client, transport and command.',
      '3. Call get_mcp_server on the servers that look risky: packages run without a pinned version (npx or uvx with no @version), remote servers over plain http, secrets passed in env, args or headers (they are shown redacted), commands run from personal or temporary directories, servers seen in only one snapshot or for the first time recently, or servers whose status is not "detected" (missing from the latest snapshot).',
      'Then report: how many servers and clients, each risky server with why and what to change, and servers that appear in one client only and may be forgotten.',
    ].join('\n');
  },
});
