import { McpServer } from '@modelcontextprotocol/sdk/server/mcp.js';
import { AjvJsonSchemaValidator } from '@modelcontextprotocol/sdk/validation/ajv';
import {
  CallToolRequestSchema,
  ErrorCode,
  ListToolsRequestSchema,
  McpError,
  type CallToolRequest,
} from '@modelcontextprotocol/sdk/types.js';
import type { Principal } from '../auth/principal.ts';
import { createContext, type ContextDependencies } from '../graphql/context-factory.ts';
import type { OperationExecutor } from '../graphql/execute-operation.ts';
import { auditOutcomeOf } from '../domain/audit/outcome.ts';
import { recordCall } from '../domain/audit/record-call.ts';
import type { Logger } from '../logger.ts';
import type { ToolContext } from './tool.ts';
import { toolArgumentNames, toolErrorText } from './tool-errors.ts';
import { listedTool } from './tool-list.ts';
import { promptsFor } from './prompt-registry.ts';
import { servePrompts } from './serve-prompts.ts';
import { toolsFor } from './tool-registry.ts';

export interface McpServerDependencies extends ContextDependencies {
  executeOperation: OperationExecutor;
  logger: Logger;
  version: string;
}

// A server is built per request; without this each one would construct (and configure) its own Ajv.
const SHARED_VALIDATOR = new AjvJsonSchemaValidator();

/**
 * A fresh MCP server for one caller: its tools are those the principal's scopes allow, and every call
 * runs GraphQL operations with that principal's context. Nothing here reads the database or checks scopes.
 * `onlyTool`, for a request that is a single tools/call, registers just that tool: the request cannot
 * reach the others, and the unknown-tool check still uses the full allowed set.
 */
export function createMcpServer(deps: McpServerDependencies, principal: Principal, onlyTool?: string): McpServer {
  const server = new McpServer(
    { name: 'trafficgraph', title: 'trafficgraph: API traffic and MCP inventory', version: deps.version },
    {
      capabilities: { tools: {} },
      instructions: 'Query captured API traffic of the environment this token is scoped to. Times are UTC.',
      jsonSchemaValidator: SHARED_VALIDATOR,
    },
  );
  // McpServer declares listChanged: true for tools it is given; these lists never change within a session.
  server.server.registerCapabilities({
    tools: { listChanged: false },
    prompts: { listChanged: false },
    completions: {},
  });
  const tools = toolsFor(principal);
  // An unknown name still gets every tool, so the SDK's tools/call handler exists for the -32602 answer.
  const called = tools.filter((t) => t.name === onlyTool);
  for (const tool of called.length === 1 ? called : tools) {
    server.registerTool(
      tool.name,
      {
        title: tool.title,
        description: tool.description,
        inputSchema: tool.input,
        outputSchema: tool.output,
        annotations: tool.annotations,
      },
      async (args) => {
        const context = createContext(deps, principal, { surface: 'mcp' });
        const requestId = context.requestId;
        const toolContext: ToolContext = {
          execute: (document, variables) => deps.executeOperation(document, variables, context),
          now: new Date(),
        };
        const startedAt = performance.now();
        try {
          const result = await tool.run(args, toolContext);
          recordCall(context, `tool ${tool.name}`, startedAt, args);
          context.metrics?.toolCalls.inc({ tool: tool.name, outcome: 'ok' });
          return {
            content: [{ type: 'text', text: result.text }],
            structuredContent: result.structured as Record<string, unknown>,
          };
        } catch (error) {
          recordCall(context, `tool ${tool.name}`, startedAt, args, error);
          context.metrics?.toolCalls.inc({ tool: tool.name, outcome: auditOutcomeOf(error).outcome });
          return {
            isError: true,
            content: [
              {
                type: 'text',
                text: toolErrorText(error, deps.logger, tool.name, requestId, toolArgumentNames(tool.argumentNames)),
              },
            ],
          };
        }
      },
    );
  }
  rejectUnknownTools(server, new Set(tools.map((tool) => tool.name)));
  if (onlyTool === undefined) {
    servePrompts(server, promptsFor(principal), {
      logger: deps.logger,
      context() {
        const context = createContext(deps, principal, { surface: 'mcp' });
        const startedAt = performance.now();
        return {
          requestId: context.requestId,
          tool: {
            execute: (document, variables) => deps.executeOperation(document, variables, context),
            now: new Date(),
          },
          record: (operation, args, error) => recordCall(context, operation, startedAt, args, error),
        };
      },
    });
  }
  // Replaces the SDK's list (built anew on every call) with one built once per tool and cut to what is used.
  server.server.setRequestHandler(ListToolsRequestSchema, () => ({ tools: tools.map(listedTool) }));
  return server;
}

type CallToolHandler = (request: CallToolRequest, extra: unknown) => Promise<unknown>;

/**
 * The SDK answers a call to an unknown tool with an isError result; the spec's answer is a JSON-RPC
 * -32602 error, which tells a client its request, not the tool, was wrong. The SDK keeps its handler in a
 * private map, so a test pins this behaviour across SDK upgrades.
 */
function rejectUnknownTools(server: McpServer, names: ReadonlySet<string>) {
  const handlers = (server.server as unknown as { _requestHandlers: Map<string, CallToolHandler> })._requestHandlers;
  const sdkHandler = handlers.get('tools/call');
  if (!sdkHandler) return;
  server.server.setRequestHandler(CallToolRequestSchema, async (request, extra) => {
    if (!names.has(request.params.name))
      throw new McpError(ErrorCode.InvalidParams, `Unknown tool: ${request.params.name}`);
    // The SDK's own handler produces the result type; it is only typed as unknown in its private map.
    return (await sdkHandler(request, extra)) as never;
  });
}
