import { isDatabaseUnavailable } from '../../db/database-unavailable.ts';
import { AppError } from '../../errors.ts';

/** How a failed call ended, as an audit entry records it: a code, and a message only when it was meant for users. */
export function auditOutcomeOf(error: unknown): { outcome: string; errorMessage: string | null } {
  let current: unknown = error;
  for (let depth = 0; depth < 5 && current; depth++) {
    if (current instanceof AppError) return { outcome: current.code, errorMessage: current.message };
    current = (current as { originalError?: unknown }).originalError;
  }
  if (isDatabaseUnavailable(error)) return { outcome: 'SERVICE_UNAVAILABLE', errorMessage: null };
  return { outcome: 'INTERNAL_SERVER_ERROR', errorMessage: null };
}
