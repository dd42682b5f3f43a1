import type { IncomingMessage, ServerResponse } from 'node:http';
import { bearerChallenge, requireCaller } from '../auth/auth-refusal.ts';
import { requestAuthentication } from '../auth/request-authentication.ts';
import { classifyError } from '../classify-error.ts';
import { recordCall } from '../domain/audit/record-call.ts';
import { collectSpanRecords, type EnvironmentRecords } from '../domain/otlp/collect-span-records.ts';
import { decodeTraceRequest, type OtlpEncoding } from '../domain/otlp/decode-trace-request.ts';
import type { ResourceFacts } from '../domain/otlp/exported-spans.ts';
import { AppError, LimitExceededError, RateLimitedError, UserInputError } from '../errors.ts';
import { createContext, type ContextDependencies } from '../graphql/context-factory.ts';
import type { GraphQLContext } from '../graphql/context.ts';
import type { OperationExecutor } from '../graphql/execute-operation.ts';
import { OtlpIngestDocument } from '../generated/graphql.ts';
import { readEncodedBody } from '../http/read-encoded-body.ts';
import { type IngestBudget, oversizedBatchMessage, refusalMessage } from '../http/rate-limit/rate-limit-policy.ts';
import type { Logger } from '../logger.ts';
import { sendExportResponse, sendOtlpError } from './otlp-response.ts';
import { SpanRejections } from './span-rejections.ts';

/** The OTLP/HTTP traces path, so OTEL_EXPORTER_OTLP_ENDPOINT=http://host:port works as it is. */
export const OTLP_TRACES_PATH = '/v1/traces';

export interface OtlpRouteDependencies extends ContextDependencies {
  executeOperation: OperationExecutor;
  logger: Logger;
  /** The most bytes a body may have, compressed or not (INGEST_MAX_REQUEST_BYTES). */
  maxRequestBytes: number;
  /** Records per ingest operation (INGEST_MAX_RECORDS): a larger group of spans is sent in several. */
  maxRecords: number;
  /** The per-token records budget shared with /api/v1/ingest (RATE_LIMIT_INGEST_RECORDS_PER_MINUTE); null when off. */
  ingestBudget: IngestBudget | null;
}

function encodingOf(contentType: string): OtlpEncoding | null {
  const type = contentType.split(';')[0]!.trim().toLowerCase();
  if (type === 'application/x-protobuf' || type === 'application/protobuf') return 'protobuf';
  if (type === 'application/json') return 'json';
  return null;
}

/** Refusals that concern the caller or the service, not these spans: they end the whole export. */
const ENDS_EXPORT = new Set(['UNAUTHENTICATED', 'FORBIDDEN', 'SERVICE_UNAVAILABLE']);

/** Thrown to end the export with one status for all of it (a bad token, a database outage). */
class ExportRefused extends Error {
  constructor(readonly error: AppError) {
    super(error.message);
  }
}

/**
 * Runs the ingest operation for one environment's records, in chunks of INGEST_MAX_RECORDS. A refusal that
 * concerns these spans only (an environment the token may not write, a bad argument) rejects them; one
 * that concerns the caller or the service (scope, outage) ends the export.
 */
async function ingestGroup(
  deps: OtlpRouteDependencies,
  context: GraphQLContext,
  group: EnvironmentRecords,
  rejections: SpanRejections,
): Promise<void> {
  for (let start = 0; start === 0 || start < group.records.length; start += deps.maxRecords) {
    const records = group.records.slice(start, start + deps.maxRecords);
    try {
      const { ingestRequests } = await deps.executeOperation(
        OtlpIngestDocument,
        { environment: group.environment, records },
        context,
      );
      for (const { reason } of ingestRequests.rejected) rejections.add(reason);
    } catch (error) {
      if (!(error instanceof AppError)) throw error;
      if (ENDS_EXPORT.has(error.code)) throw new ExportRefused(error);
      rejections.add(error.message, records.length);
    }
  }
}

/** POST /v1/traces: decodes an OTLP export, reads its HTTP server spans as capture records and ingests them as the caller. */
export function createOtlpTracesRoute(deps: OtlpRouteDependencies) {
  return async (req: IncomingMessage, res: ServerResponse): Promise<void> => {
    const encoding = encodingOf(String(req.headers['content-type'] ?? ''));
    const answerIn = encoding ?? 'json';
    if (req.method !== 'POST') return sendOtlpError(res, answerIn, 405, 'Use POST', { allow: 'POST' });
    if (encoding === null)
      return sendOtlpError(res, 'json', 415, 'Content-Type must be application/x-protobuf or application/json');

    const authentication = await requestAuthentication();
    const { principal, refusal: unauthenticated } = requireCaller(
      authentication,
      'A bearer token with traffic:write is required',
    );
    if (unauthenticated)
      return sendOtlpError(res, encoding, unauthenticated.status, unauthenticated.message, unauthenticated.headers);

    const context = createContext(deps, principal, { surface: 'otlp' });
    const startedAt = performance.now();
    // One path from an error to the OTLP answer: the classifier's status, message and Retry-After (which
    // exporters honour). Only bad data differs: OTLP answers it 400 where the classifier's BAD_USER_INPUT is 422.
    const sendRefusal = (error: unknown) => {
      const refusal = classifyError(error, context.requestId);
      if (!refusal.appError) deps.logger.error({ err: error, requestId: context.requestId }, 'OTLP export failed');
      const headers: Record<string, string> = refusal.code === 'UNAUTHENTICATED' ? bearerChallenge() : {};
      if (refusal.retryAfterSeconds) headers['retry-after'] = String(refusal.retryAfterSeconds);
      const status = refusal.code === 'BAD_USER_INPUT' ? 400 : refusal.status;
      sendOtlpError(res, encoding, status, refusal.message, headers);
    };
    // A body refused before any operation runs is audited as the call, as REST ingest does.
    const refuse = (error: AppError) => {
      recordCall(
        context,
        `POST ${OTLP_TRACES_PATH}`,
        startedAt,
        { contentLength: req.headers['content-length'] ?? null },
        error,
      );
      sendRefusal(error);
    };

    let body: Buffer;
    try {
      body = await readEncodedBody(req, deps.maxRequestBytes);
    } catch (error) {
      if (error instanceof UserInputError || error instanceof LimitExceededError) return refuse(error);
      throw error;
    }
    let resources: ResourceFacts[];
    try {
      resources = decodeTraceRequest(body, encoding);
    } catch (error) {
      if (error instanceof UserInputError) return refuse(error);
      throw error;
    }

    const { groups, skipped, rejected } = collectSpanRecords(resources);
    const spanRecords = groups.reduce((sum, g) => sum + g.records.length, 0);
    const spent = deps.ingestBudget ? await deps.ingestBudget(authentication.credential, spanRecords) : null;
    if (spent) {
      deps.metrics?.rateLimited.inc({ scope: spent.scope });
      // An export larger than the whole budget would never fit: a 413, which exporters drop, not a 429 they retry.
      if (spanRecords > spent.limit)
        return refuse(new LimitExceededError(oversizedBatchMessage(spanRecords, spent.limit)));
      return refuse(new RateLimitedError(refusalMessage(spent), spent.retryAfterSeconds));
    }
    deps.metrics?.ingestRecords.inc({ result: 'skipped' }, skipped);
    const rejections = new SpanRejections();
    for (const reason of rejected) rejections.add(reason);
    try {
      // With no HTTP server span the operation still runs, empty, so the token's scope is checked all the same.
      for (const group of groups.length > 0 ? groups : [{ environment: undefined, records: [] }])
        await ingestGroup(deps, context, group, rejections);
    } catch (error) {
      return sendRefusal(error instanceof ExportRefused ? error.error : error);
    }
    sendExportResponse(res, encoding, rejections.count, rejections.message());
  };
}
