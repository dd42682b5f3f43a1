import type { IncomingMessage, ServerResponse } from 'node:http';
import { requireCaller } from '../auth/auth-refusal.ts';
import { requestAuthentication } from '../auth/request-authentication.ts';
import { LimitExceededError, RateLimitedError, UserInputError } from '../errors.ts';
import { sendRestError } from './send-rest-error.ts';
import { recordCall } from '../domain/audit/record-call.ts';
import { createContext } from '../graphql/context-factory.ts';
import { RestIngestDocument } from '../generated/graphql.ts';
import { sendJson } from '../http/json-response.ts';
import { readEncodedBody } from '../http/read-encoded-body.ts';
import { oversizedBatchMessage, refusalMessage } from '../http/rate-limit/rate-limit-policy.ts';
import type { ContextDependencies } from '../graphql/context-factory.ts';
import type { OperationExecutor } from '../graphql/execute-operation.ts';
import type { IngestBudget } from '../http/rate-limit/rate-limit-policy.ts';
import type { Logger } from '../logger.ts';

export const INGEST_PATH = '/api/v1/ingest';

/** A JSON array, one JSON object, or NDJSON (one record a line; a bad line is rejected alone). */
export function parseRecords(text: string, contentType: string): { records: unknown[]; badLines: Map<number, string> } {
  const badLines = new Map<number, string>();
  const trimmed = text.trim();
  if (!contentType.includes('ndjson') && (trimmed.startsWith('[') || trimmed.startsWith('{'))) {
    try {
      const parsed: unknown = JSON.parse(trimmed);
      return { records: Array.isArray(parsed) ? parsed : [parsed], badLines };
    } catch (error) {
      if (trimmed.startsWith('[')) throw new UserInputError(`the body is not valid JSON (${(error as Error).message})`);
    }
  }
  const records = trimmed
    .split('\n')
    .filter((line) => line.trim() !== '')
    .map((line, index) => {
      try {
        return JSON.parse(line) as unknown;
      } catch {
        badLines.set(index, `line ${index + 1} is not valid JSON`);
        // Stands in for the line so indexes stay aligned; the pipeline rejects it and the reason is replaced.
        return { invalidJsonLine: index + 1 };
      }
    });
  return { records, badLines };
}

/** POST /api/v1/ingest: reads and decodes the body, then runs the ingestRequests mutation as the caller. */
/** What the ingest route needs; the REST surface's dependencies extend it, so neither module imports the other's. */
export interface IngestRouteDependencies extends ContextDependencies {
  executeOperation: OperationExecutor;
  logger: Logger;
  maxIngestRequestBytes: number;
  /** Records per minute per token for ingest; null when unlimited. */
  ingestBudget: IngestBudget | null;
}

export async function handleIngest(req: IncomingMessage, res: ServerResponse, deps: IngestRouteDependencies) {
  if (req.method !== 'POST') return sendJson(res, 405, { detail: 'Use POST' }, { allow: 'POST' });
  const authentication = await requestAuthentication();
  const { principal, refusal: unauthenticated } = requireCaller(
    authentication,
    'A bearer token with traffic:write is required',
  );
  if (unauthenticated)
    return sendJson(res, unauthenticated.status, { detail: unauthenticated.message }, unauthenticated.headers);

  // A stored batch is audited as its ingestRequests mutation; a body refused here is audited as the call.
  // Both take their outcome, status and message from the one classifier, so a 413 reads the same either way.
  const context = createContext(deps, principal, { surface: 'rest' });
  const startedAt = performance.now();
  const refuse = (error: UserInputError | LimitExceededError | RateLimitedError) => {
    recordCall(
      context,
      `POST ${INGEST_PATH}`,
      startedAt,
      { contentLength: req.headers['content-length'] ?? null },
      error,
    );
    sendRestError(res, error, deps.logger, context.requestId, 'ingest');
  };
  let text: string;
  try {
    text = (await readEncodedBody(req, deps.maxIngestRequestBytes)).toString('utf8');
  } catch (error) {
    if (error instanceof UserInputError || error instanceof LimitExceededError) return refuse(error);
    throw error;
  }
  try {
    let parsed: ReturnType<typeof parseRecords>;
    try {
      parsed = parseRecords(text, String(req.headers['content-type'] ?? ''));
    } catch (error) {
      if (error instanceof UserInputError) return refuse(error);
      throw error;
    }
    const { records, badLines } = parsed;
    const refusal = deps.ingestBudget ? await deps.ingestBudget(authentication.credential, records.length) : null;
    if (refusal) {
      deps.metrics?.rateLimited.inc({ scope: refusal.scope });
      if (records.length > refusal.limit)
        return refuse(new LimitExceededError(oversizedBatchMessage(records.length, refusal.limit)));
      return refuse(new RateLimitedError(refusalMessage(refusal), refusal.retryAfterSeconds));
    }
    const { ingestRequests } = await deps.executeOperation(RestIngestDocument, { records }, context);
    sendJson(res, 200, {
      ...ingestRequests,
      rejected: ingestRequests.rejected.map((r) => ({ index: r.index, reason: badLines.get(r.index) ?? r.reason })),
      excluded: ingestRequests.excluded.map((e) => ({ index: e.index, rule_id: e.ruleId })),
    });
  } catch (error) {
    sendRestError(res, error, deps.logger, context.requestId, 'ingest');
  }
}
