import { classifyError } from '../classify-error.ts';
import type { Logger } from '../logger.ts';

/**
 * The text a model reads when a tool fails: a coded error's own message (written for users), otherwise
 * a generic line with an id to find the detail in the server log. Never SQL, stacks or secrets.
 */
export function toolErrorText(error: unknown, logger: Logger, tool: string, requestId: string): string {
  const classified = classifyError(error, requestId);
  if (classified.appError) {
    const hint = classified.code === 'BAD_USER_INPUT' ? ' Check the arguments and call again.' : '';
    return `${toToolArgumentNames(classified.message)}.${hint}`.replace('..', '.');
  }
  logger.error({ err: error, tool, requestId }, 'MCP tool failed');
  return `The ${tool} tool failed unexpectedly (request ${requestId}). Try again; if it keeps failing, report the request id.`;
}

/** GraphQL argument paths (`range.since`, `input.startedAt`) as the tool's own argument names (`since`, `started_at`). */
function toToolArgumentNames(message: string): string {
  return message
    .replace(/\b(?:range|filter|input)\.([A-Za-z]+)/g, (_m, name: string) =>
      name.replace(/[A-Z]/g, (c) => `_${c.toLowerCase()}`),
    )
    .replace(/\bstatus_classes\b/g, 'status_class');
}
