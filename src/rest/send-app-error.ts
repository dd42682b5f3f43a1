import type { ServerResponse } from 'node:http';
import { ServiceUnavailableError, type AppError } from '../errors.ts';
import { sendJson } from '../http/json-response.ts';

const STATUS_FOR_CODE: Record<string, number> = { BAD_USER_INPUT: 422, NOT_FOUND: 404, UNAUTHENTICATED: 401, FORBIDDEN: 403, SERVICE_UNAVAILABLE: 503 };

/** A coded error as REST answers it: its user-facing message as `detail`, under the status its code means. */
export function sendAppError(res: ServerResponse, error: AppError): void {
  const headers: Record<string, string> = error instanceof ServiceUnavailableError ? { 'retry-after': String(error.retryAfterSeconds) } : {};
  sendJson(res, STATUS_FOR_CODE[error.code] ?? 500, { detail: error.message }, headers);
}
