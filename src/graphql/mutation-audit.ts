import { Kind, type DocumentNode, type GraphQLError, type OperationDefinitionNode } from 'graphql';
import type { Plugin } from 'graphql-yoga';
import { recordCall } from '../domain/audit/record-call.ts';
import type { GraphQLContext } from './context.ts';

/** The root fields of the operation that will run when it is a mutation; null for queries. */
export function mutationFields(document: DocumentNode, operationName?: string | null): string[] | null {
  const operations = document.definitions.filter((d): d is OperationDefinitionNode => d.kind === Kind.OPERATION_DEFINITION);
  const operation = operationName ? operations.find((o) => o.name?.value === operationName) : operations.length === 1 ? operations[0] : undefined;
  if (!operation || operation.operation !== 'mutation') return null;
  return operation.selectionSet.selections.flatMap((s) => (s.kind === Kind.FIELD ? [s.name.value] : []));
}

/** One audit entry per mutation operation, whichever surface ran it. */
export function recordMutation(
  context: GraphQLContext,
  fields: string[],
  variables: Readonly<Record<string, unknown>> | null | undefined,
  startedAt: number,
  errors: readonly GraphQLError[] | undefined,
): void {
  recordCall(context, `mutation ${fields.join(', ')}`, startedAt, variables ?? {}, errors?.[0]);
}

/** The yoga side: mutations sent to /graphql. */
export function useMutationAudit(): Plugin<GraphQLContext> {
  return {
    onExecute({ args }) {
      const fields = mutationFields(args.document, args.operationName);
      if (!fields) return;
      const startedAt = performance.now();
      return {
        onExecuteDone({ result }) {
          if (!('errors' in result) && !('data' in result)) return;
          recordMutation(args.contextValue, fields, args.variableValues, startedAt, (result as { errors?: readonly GraphQLError[] }).errors);
        },
      };
    },
  };
}
