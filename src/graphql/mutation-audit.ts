import {
  Kind,
  valueFromASTUntyped,
  type DocumentNode,
  type FieldNode,
  type GraphQLError,
  type OperationDefinitionNode,
} from 'graphql';
import type { Plugin } from 'graphql-yoga';
import { recordCall } from '../domain/audit/record-call.ts';
import type { GraphQLContext } from './context.ts';

function mutationOperation(document: DocumentNode, operationName?: string | null): OperationDefinitionNode | null {
  const operations = document.definitions.filter(
    (d): d is OperationDefinitionNode => d.kind === Kind.OPERATION_DEFINITION,
  );
  const operation = operationName
    ? operations.find((o) => o.name?.value === operationName)
    : operations.length === 1
      ? operations[0]
      : undefined;
  return operation?.operation === 'mutation' ? operation : null;
}

const rootFields = (operation: OperationDefinitionNode): FieldNode[] =>
  operation.selectionSet.selections.filter((s): s is FieldNode => s.kind === Kind.FIELD);

/** The root fields of the operation that will run when it is a mutation; null for queries. */
export function mutationFields(document: DocumentNode, operationName?: string | null): string[] | null {
  const operation = mutationOperation(document, operationName);
  return operation ? rootFields(operation).map((field) => field.name.value) : null;
}

/** Arguments a mutation's audit entry keeps in place of what was sent, where what was sent is not a call's detail. */
const AUDIT_SUMMARIES: Readonly<Record<string, (args: Record<string, unknown>) => Record<string, unknown>>> = {
  // Captured records are traffic, stored (sanitized) in their own tables: the audit log keeps how many.
  ingestRequests: (args) => ({
    environment: args.environment ?? null,
    records: Array.isArray(args.records) ? args.records.length : 0,
  }),
  // A snapshot's server entries are configuration, stored (redacted) in their own tables: never kept here.
  importSnapshot: (args) => {
    const input = (args.input ?? {}) as { account?: unknown; label?: unknown; machine?: unknown; files?: unknown };
    const files = Array.isArray(input.files) ? (input.files as { servers?: unknown }[]) : [];
    return {
      account: input.account ?? null,
      label: input.label ?? null,
      machine: input.machine ?? null,
      files: files.length,
      servers: files.reduce((sum, file) => sum + (Array.isArray(file.servers) ? file.servers.length : 0), 0),
    };
  },
};

/**
 * Each root field's arguments as executed: inline literals and variables alike (a mutation written with
 * literals used to be recorded as `{}`). One field gives its arguments; several are keyed by response name.
 */
export function mutationArguments(
  document: DocumentNode,
  operationName: string | null | undefined,
  variables: Readonly<Record<string, unknown>> | null | undefined,
): unknown {
  const operation = mutationOperation(document, operationName);
  if (!operation) return {};
  const perField = rootFields(operation).map((field) => {
    const args = Object.fromEntries(
      (field.arguments ?? []).map((arg) => [arg.name.value, valueFromASTUntyped(arg.value, variables ?? undefined)]),
    );
    const summary = AUDIT_SUMMARIES[field.name.value];
    return [field.alias?.value ?? field.name.value, summary ? summary(args) : args] as const;
  });
  return perField.length === 1 ? perField[0]![1] : Object.fromEntries(perField);
}

/** One audit entry per mutation operation, whichever surface ran it. */
export function recordMutation(
  context: GraphQLContext,
  document: DocumentNode,
  operationName: string | null | undefined,
  variables: Readonly<Record<string, unknown>> | null | undefined,
  startedAt: number,
  errors: readonly GraphQLError[] | undefined,
): void {
  const fields = mutationFields(document, operationName) ?? [];
  recordCall(
    context,
    `mutation ${fields.join(', ')}`,
    startedAt,
    mutationArguments(document, operationName, variables),
    errors?.[0],
  );
}

/** The yoga side: mutations sent to /graphql. */
export function useMutationAudit(): Plugin<GraphQLContext> {
  return {
    onExecute({ args }) {
      if (!mutationFields(args.document, args.operationName)) return;
      const startedAt = performance.now();
      return {
        onExecuteDone({ result }) {
          if (!('errors' in result) && !('data' in result)) return;
          recordMutation(
            args.contextValue,
            args.document,
            args.operationName,
            args.variableValues,
            startedAt,
            (result as { errors?: readonly GraphQLError[] }).errors,
          );
        },
      };
    },
  };
}
