import type { TypedDocumentNode } from '@graphql-typed-document-node/core';
import { execute, validate, type GraphQLError, type GraphQLSchema } from 'graphql';
import { codedErrorOf, internalErrorMessage } from '../classify-error.ts';
import { AppError } from '../errors.ts';
import type { Logger } from '../logger.ts';
import type { GraphQLContext } from './context.ts';
import { buildSchema } from './schema/index.ts';
import { mutationFields, recordMutation } from './mutation-audit.ts';

/** A GraphQL error as a surface may show it: a coded AppError keeps its message; anything else is internal. */
export class OperationError extends AppError {}

const validated = new WeakSet<object>();

/** graphql-js reports a variable of the wrong shape before execution, with the scalar's own error inside. */
export function isVariableCoercionError(error: GraphQLError): boolean {
  return !error.path && error.message.startsWith('Variable "$');
}

/**
 * Runs a typed operation against the one schema with the caller's context: the path MCP tools and REST
 * shims take, so scope checks and sanitization are the schema's, never the surface's. Documents are
 * validated once (they are constants from codegen).
 */
export function createOperationExecutor(logger: Logger, schema: GraphQLSchema = buildSchema()) {
  return async function executeOperation<Result, Variables extends Record<string, unknown>>(
    document: TypedDocumentNode<Result, Variables>,
    variables: Variables,
    context: GraphQLContext,
  ): Promise<Result> {
    if (!validated.has(document)) {
      const errors = validate(schema, document);
      if (errors.length > 0) throw new Error(`invalid operation document: ${errors[0]!.message}`);
      validated.add(document);
    }
    const isMutation = mutationFields(document) !== null;
    const startedAt = performance.now();
    const result = await execute({ schema, document, variableValues: variables, contextValue: context });
    if (isMutation) recordMutation(context, document, null, variables, startedAt, result.errors);
    if (result.errors?.length) {
      const codedError = result.errors.map(codedErrorOf).find((e) => e !== null);
      if (codedError) throw codedError;
      // Variable coercion errors (a bad enum, a wrong type) are the caller's input, stated by graphql-js.
      const inputError = result.errors.find((e) => !e.path && (!e.originalError || isVariableCoercionError(e)));
      if (inputError) throw new OperationError(inputError.message, 'BAD_USER_INPUT');
      logger.error(
        { err: result.errors[0]!.originalError ?? result.errors[0], requestId: context.requestId },
        'operation failed',
      );
      throw new OperationError(internalErrorMessage(context.requestId), 'INTERNAL_SERVER_ERROR');
    }
    return result.data as Result;
  };
}

export type OperationExecutor = ReturnType<typeof createOperationExecutor>;
