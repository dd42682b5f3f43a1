import { type McpServer, type Prompt, ProtocolError, ProtocolErrorCode } from '@modelcontextprotocol/server';
import { classifyError } from '../classify-error.ts';
import type { Logger } from '../logger.ts';
import { PromptArgumentError } from './prompt.ts';
import type { AnyPrompt } from './prompt-registry.ts';
import type { ToolContext } from './tool.ts';

/** The spec's cap on completion values in one answer. */
const MAX_COMPLETIONS = 100;

export interface PromptCall {
  /** A context for one prompts/get or completion/complete request, as a tool call gets. */
  context(): { tool: ToolContext; requestId: string; record(operation: string, args: unknown, error?: unknown): void };
  logger: Logger;
}

/**
 * prompts/list, prompts/get and completion/complete on the low-level server, for the prompts this caller
 * may follow. Written against the protocol rather than McpServer.registerPrompt, which would declare
 * `listChanged: true` (this list never changes within a session) and send notifications nobody listens to.
 */
export function servePrompts(server: McpServer, prompts: readonly AnyPrompt[], call: PromptCall): void {
  const byName = new Map(prompts.map((prompt) => [prompt.name, prompt]));
  const find = (name: string) => {
    const prompt = byName.get(name);
    if (!prompt) throw new ProtocolError(ProtocolErrorCode.InvalidParams, `Unknown prompt: ${name}`);
    return prompt;
  };

  server.server.setRequestHandler('prompts/list', () => ({ prompts: prompts.map(listedPrompt) }));

  server.server.setRequestHandler('prompts/get', async (request) => {
    const prompt = find(request.params.name);
    const parsed = prompt.arguments.safeParse(request.params.arguments ?? {});
    if (!parsed.success) {
      const problems = parsed.error.issues.map((issue) => `${issue.path.join('.') || 'arguments'}: ${issue.message}`);
      throw new ProtocolError(
        ProtocolErrorCode.InvalidParams,
        `Invalid arguments for prompt ${prompt.name}: ${problems.join('; ')}`,
      );
    }
    const { tool, requestId, record } = call.context();
    try {
      const text = await prompt.text(parsed.data, tool);
      record(`prompt ${prompt.name}`, parsed.data);
      return {
        description: prompt.description,
        messages: [{ role: 'user' as const, content: { type: 'text' as const, text } }],
      };
    } catch (error) {
      record(`prompt ${prompt.name}`, parsed.data, error);
      throw promptError(error, call.logger, prompt.name, requestId);
    }
  });

  server.server.setRequestHandler('completion/complete', async (request) => {
    const { ref, argument } = request.params;
    if (ref.type !== 'ref/prompt')
      throw new ProtocolError(ProtocolErrorCode.InvalidParams, 'This server has no resources to complete');
    const prompt = find(ref.name);
    const candidates = prompt.complete?.[argument.name];
    if (!candidates) return { completion: { values: [], hasMore: false } };
    const { tool, requestId } = call.context();
    let values: string[];
    try {
      values = await candidates(tool);
    } catch (error) {
      throw promptError(error, call.logger, prompt.name, requestId);
    }
    const typed = argument.value.toLowerCase();
    const matching = [...new Set(values)].filter((value) => value.toLowerCase().startsWith(typed));
    return {
      completion: {
        values: matching.slice(0, MAX_COMPLETIONS),
        total: matching.length,
        hasMore: matching.length > MAX_COMPLETIONS,
      },
    };
  });
}

function listedPrompt(prompt: AnyPrompt): Prompt {
  return {
    name: prompt.name,
    title: prompt.title,
    description: prompt.description,
    arguments: Object.entries(prompt.arguments.shape).map(([name, schema]) => ({
      name,
      ...(schema.description ? { description: schema.description } : {}),
      required: !schema.safeParse(undefined).success,
    })),
  };
}

/** A named thing that does not exist or a refused argument is the caller's to fix (-32602); anything else is logged and answered with an id. */
function promptError(error: unknown, logger: Logger, prompt: string, requestId: string): ProtocolError {
  if (error instanceof PromptArgumentError) return new ProtocolError(ProtocolErrorCode.InvalidParams, error.message);
  const classified = classifyError(error, requestId);
  if (classified.appError)
    return new ProtocolError(
      classified.code === 'BAD_USER_INPUT' ? ProtocolErrorCode.InvalidParams : ProtocolErrorCode.InvalidRequest,
      classified.message,
    );
  logger.error({ err: error, prompt, requestId }, 'MCP prompt failed');
  return new ProtocolError(
    ProtocolErrorCode.InternalError,
    `The ${prompt} prompt failed unexpectedly (request ${requestId}). Try again; if it keeps failing, report the request id.`,
  );
}
