import { classifyError } from '../../classify-error.ts';

/** How a failed call ended, as an audit entry records it: a code, and a message only when it was meant for users. */
export function auditOutcomeOf(error: unknown): { outcome: string; errorMessage: string | null } {
  const { code, appError, message } = classifyError(error, '');
  return { outcome: code, errorMessage: appError ? message : null };
}
