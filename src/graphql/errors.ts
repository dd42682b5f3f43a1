import { createGraphQLError } from 'graphql-yoga';
import { GraphQLError } from 'graphql';
import { classifyDatabaseError } from '../db/classify-database-error.ts';
import { AppError, ForbiddenError, ServiceUnavailableError, UnauthenticatedError, UserInputError } from '../errors.ts';
import type { Logger } from '../logger.ts';
import { isVariableCoercionError } from './execute-operation.ts';

const HTTP_STATUS: Record<string, number> = { UNAUTHENTICATED: 401, FORBIDDEN: 403 };

function appErrorOf(error: unknown): AppError | null {
  let current: unknown = error;
  for (let depth = 0; depth < 5 && current; depth++) {
    if (current instanceof AppError) return current;
    current = (current as { originalError?: unknown }).originalError;
  }
  return null;
}

/**
 * Coded errors keep their user-facing message and code; anything else becomes "Unexpected error." with
 * a request id, and its detail (stack, SQL) goes to the log only.
 */
export function createErrorMasker(logger: Logger) {
  return (error: unknown, message: string): Error => {
    const appError = appErrorOf(error) ?? classifyDatabaseError(error);
    if (appError) {
      const extensions: Record<string, unknown> = { code: appError.code };
      if (appError instanceof UserInputError && appError.argument) extensions.argument = appError.argument;
      if (appError instanceof UnauthenticatedError || appError instanceof ForbiddenError) {
        extensions.http = { status: HTTP_STATUS[appError.code] };
      }
      if (appError instanceof ServiceUnavailableError) {
        extensions.http = { status: 503, headers: { 'retry-after': String(appError.retryAfterSeconds) } };
      }
      const path = error instanceof GraphQLError ? error.path : undefined;
      return createGraphQLError(appError.message, { extensions, path });
    }
    if (error instanceof GraphQLError && !error.originalError) return error;
    // A variable of the wrong shape is the caller's input, whatever scalar error graphql-js wrapped.
    if (error instanceof GraphQLError && isVariableCoercionError(error)) {
      return createGraphQLError(error.message, { extensions: { code: 'BAD_USER_INPUT' }, nodes: error.nodes });
    }
    const requestId = Math.random().toString(36).slice(2, 10);
    logger.error({ err: (error as GraphQLError).originalError ?? error, errorId: requestId }, 'unexpected error in GraphQL execution');
    return createGraphQLError(message, { extensions: { code: 'INTERNAL_SERVER_ERROR', errorId: requestId } });
  };
}
