import { randomUUID } from 'node:crypto';
import { createGraphQLError } from 'graphql-yoga';
import { GraphQLError } from 'graphql';
import { classifyError } from '../classify-error.ts';
import type { Logger } from '../logger.ts';
import { currentRequestScope } from '../request-scope.ts';
import { isVariableCoercionError } from './execute-operation.ts';

// Over GraphQL only failures of the whole request change the HTTP status; a field's error stays in a 200.
// 429 is one: a spent ingest budget refuses the batch whole, and Retry-After must reach the client.
const REQUEST_LEVEL_STATUSES = new Set([401, 403, 429, 503]);

/**
 * Coded errors keep their user-facing message and code; anything else becomes the internal-error message,
 * whose errorId is the request id (the X-Request-Id answered), so a user's report finds the log line.
 */
export function createErrorMasker(logger: Logger) {
  return (error: unknown): Error => {
    const requestId = currentRequestScope()?.requestId ?? randomUUID();
    const classified = classifyError(error, requestId);
    if (classified.appError && classified.code !== 'INTERNAL_SERVER_ERROR') {
      const extensions: Record<string, unknown> = { code: classified.code };
      if (classified.argument) extensions.argument = classified.argument;
      if (REQUEST_LEVEL_STATUSES.has(classified.status)) {
        extensions.http = {
          status: classified.status,
          ...(classified.retryAfterSeconds ? { headers: { 'retry-after': String(classified.retryAfterSeconds) } } : {}),
        };
      }
      const path = error instanceof GraphQLError ? error.path : undefined;
      return createGraphQLError(classified.message, { extensions, path });
    }
    if (error instanceof GraphQLError && !error.originalError) return error;
    // A variable of the wrong shape is the caller's input, whatever scalar error graphql-js wrapped.
    if (error instanceof GraphQLError && isVariableCoercionError(error)) {
      return createGraphQLError(error.message, { extensions: { code: 'BAD_USER_INPUT' }, nodes: error.nodes });
    }
    logger.error(
      { err: (error as GraphQLError).originalError ?? error, errorId: requestId, requestId },
      'unexpected error in GraphQL execution',
    );
    return createGraphQLError(classified.message, {
      extensions: { code: 'INTERNAL_SERVER_ERROR', errorId: requestId },
    });
  };
}
