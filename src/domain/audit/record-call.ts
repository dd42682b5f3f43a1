import type { GraphQLContext } from '../../graphql/context.ts';
import { auditOutcomeOf } from './outcome.ts';

/** Records one tool or REST call made with `context`; `error` is what it failed with, if it did. */
export function recordCall(
  context: GraphQLContext,
  operation: string,
  startedAt: number,
  args: unknown,
  error?: unknown,
  outcome = 'ok',
): void {
  if (!context.audit) return;
  const failure = error === undefined ? null : auditOutcomeOf(error);
  context.audit.record({
    surface: context.surface,
    operation,
    principal: context.principal,
    requestId: context.requestId,
    clientAddress: context.clientAddress,
    durationMs: performance.now() - startedAt,
    outcome: failure?.outcome ?? outcome,
    errorMessage: failure?.errorMessage ?? null,
    arguments: args,
  });
}
