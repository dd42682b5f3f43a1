import type { Principal } from '../../auth/principal.ts';
import type { AuditLog, AuditSurface } from './audit-log.ts';
import { auditOutcomeOf } from './outcome.ts';

/**
 * What a call is recorded against. Every surface's operation context has these fields; naming them here keeps
 * the domain free of the GraphQL layer's context type.
 */
export interface CallRecordContext {
  audit: AuditLog | undefined;
  surface: AuditSurface;
  principal: Principal;
  requestId: string;
  clientAddress: string | undefined;
}

/** Records one tool or REST call made with `context`; `error` is what it failed with, if it did. */
export function recordCall(
  context: CallRecordContext,
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
