import { type CallToolResult, type McpServer, ProtocolError, ProtocolErrorCode } from '@modelcontextprotocol/server';
import type { Logger } from '../logger.ts';
import type { McpTool, ToolContext } from './tool.ts';
import { toolArgumentNames, toolErrorText } from './tool-errors.ts';
import { listedTool } from './tool-list.ts';

export interface ToolCall {
  /** A context for one tools/call request: GraphQL as the caller, and the audit record of the call. */
  context(): { tool: ToolContext; requestId: string; record(operation: string, args: unknown, error?: unknown): void };
  /** Counts a finished call by outcome (ok, or the audit outcome of its error). */
  count(tool: string, error?: unknown): void;
  logger: Logger;
}

/**
 * tools/list and tools/call on the low-level server, for the tools this caller may use. Written against
 * the protocol rather than McpServer.registerTool because the answers must stay as they were across the
 * SDK move: an unknown tool is a JSON-RPC -32602 naming it (the spec's answer; the SDK words it
 * differently), refused arguments are an isError result the model can read and fix, and tools/list is
 * built once per tool, cut to what a model uses (tool-list.ts), instead of converted on every call.
 */
export function serveTools(server: McpServer, tools: readonly McpTool[], call: ToolCall): void {
  const byName = new Map(tools.map((tool) => [tool.name, tool]));

  server.server.setRequestHandler('tools/list', () => ({ tools: tools.map(listedTool) }));

  server.server.setRequestHandler('tools/call', async (request): Promise<CallToolResult> => {
    const tool = byName.get(request.params.name);
    if (!tool) throw new ProtocolError(ProtocolErrorCode.InvalidParams, `Unknown tool: ${request.params.name}`);
    const parsed = tool.input.safeParse(request.params.arguments ?? {});
    if (!parsed.success) {
      const problems = parsed.error.issues.map((issue) => `${issue.path.join('.') || 'arguments'}: ${issue.message}`);
      return errorResult(
        `Invalid arguments for ${tool.name}: ${problems.join('; ')}. Check the arguments and call again.`,
      );
    }
    const { tool: context, requestId, record } = call.context();
    try {
      const result = await tool.run(parsed.data, context);
      // The output schema is a promise to clients that validate results: a result that breaks it is a
      // server bug, reported like any other failure rather than sent.
      tool.output.parse(result.structured);
      record(`tool ${tool.name}`, parsed.data);
      call.count(tool.name);
      return {
        content: [{ type: 'text', text: result.text }],
        structuredContent: result.structured as Record<string, unknown>,
      };
    } catch (error) {
      record(`tool ${tool.name}`, parsed.data, error);
      call.count(tool.name, error);
      return errorResult(
        toolErrorText(error, call.logger, tool.name, requestId, toolArgumentNames(tool.argumentNames)),
      );
    }
  });
}

function errorResult(text: string): CallToolResult {
  return { isError: true, content: [{ type: 'text', text }] };
}
