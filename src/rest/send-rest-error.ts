import type { ServerResponse } from 'node:http';
import { classifyError } from '../classify-error.ts';
import { sendJson } from '../http/json-response.ts';
import type { Logger } from '../logger.ts';

/**
 * A failed REST call as the caller reads it: the status, `detail` and Retry-After the one classification
 * decides. A fault of ours is logged with the request id the answer names.
 */
export function sendRestError(
  res: ServerResponse,
  error: unknown,
  logger: Logger,
  requestId: string,
  where: string,
): void {
  const classified = classifyError(error, requestId);
  if (!classified.appError) logger.error({ err: error, requestId }, `${where} failed`);
  const headers: Record<string, string> = classified.retryAfterSeconds
    ? { 'retry-after': String(classified.retryAfterSeconds) }
    : {};
  sendJson(res, classified.status, { detail: classified.message }, headers);
}
