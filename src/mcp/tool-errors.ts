import { AppError } from '../errors.ts';
import type { Logger } from '../logger.ts';

/**
 * The text a model reads when a tool fails: a coded error's own message (written for users), otherwise
 * a generic line with an id to find the detail in the server log. Never SQL, stacks or secrets.
 */
export function toolErrorText(error: unknown, logger: Logger, tool: string, requestId: string): string {
  if (error instanceof AppError) {
    const hint = error.code === 'BAD_USER_INPUT' ? ' Check the arguments and call again.' : '';
    return `${error.message}.${hint}`.replace('..', '.');
  }
  logger.error({ err: error, tool, requestId }, 'MCP tool failed');
  return `The ${tool} tool failed unexpectedly (request ${requestId}). Try again; if it keeps failing, report the request id.`;
}
