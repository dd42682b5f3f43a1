import { McpServer } from '@modelcontextprotocol/server';
import type { Principal } from '../auth/principal.ts';
import { createContext, type ContextDependencies } from '../graphql/context-factory.ts';
import type { OperationExecutor } from '../graphql/execute-operation.ts';
import { auditOutcomeOf } from '../domain/audit/outcome.ts';
import { recordCall } from '../domain/audit/record-call.ts';
import type { Logger } from '../logger.ts';
import { promptsFor } from './prompt-registry.ts';
import { servePrompts, type PromptCall } from './serve-prompts.ts';
import { serveTools } from './serve-tools.ts';
import { toolsFor } from './tool-registry.ts';

export interface McpServerDependencies extends ContextDependencies {
  executeOperation: OperationExecutor;
  logger: Logger;
  version: string;
}

/**
 * How long a 2026-07-28 client may reuse tools/list and prompts/list. Both lists depend only on the
 * token's scopes (fixed for a token's life) and the server version, so an hour is safe; `private`
 * because another token sees another list. 2025-era answers never carry these fields.
 */
const LIST_CACHE_HINT = { ttlMs: 3_600_000, cacheScope: 'private' } as const;

/**
 * A fresh MCP server for one caller, for either protocol era: its tools and prompts are those the
 * principal's scopes allow, and every call runs GraphQL operations with that principal's context.
 * Nothing here reads the database or checks scopes.
 */
export function createMcpServer(deps: McpServerDependencies, principal: Principal): McpServer {
  const server = new McpServer(
    { name: 'trafficgraph', title: 'trafficgraph: API traffic and MCP inventory', version: deps.version },
    {
      instructions: 'Query captured API traffic of the environment this token is scoped to. Times are UTC.',
      cacheHints: { 'tools/list': LIST_CACHE_HINT, 'prompts/list': LIST_CACHE_HINT },
    },
  );
  // Declared here, not in the constructor: McpServer would install its own handlers (and claim
  // listChanged: true) for capabilities it is given. These lists never change for a token.
  server.server.registerCapabilities({
    tools: { listChanged: false },
    prompts: { listChanged: false },
    completions: {},
  });
  const call: PromptCall = {
    logger: deps.logger,
    context() {
      const context = createContext(deps, principal, { surface: 'mcp' });
      const startedAt = performance.now();
      return {
        requestId: context.requestId,
        tool: {
          execute: (document, variables) => deps.executeOperation(document, variables, context),
        },
        record: (operation, args, error) => recordCall(context, operation, startedAt, args, error),
      };
    },
  };
  serveTools(server, toolsFor(principal), {
    ...call,
    count(tool, error) {
      deps.metrics?.toolCalls.inc({ tool, outcome: error === undefined ? 'ok' : auditOutcomeOf(error).outcome });
    },
  });
  servePrompts(server, promptsFor(principal), call);
  return server;
}
