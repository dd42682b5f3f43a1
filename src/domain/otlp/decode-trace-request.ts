import { UserInputError } from '../../errors.ts';
import type { ResourceFacts } from './exported-spans.ts';
import { resourcesOfMessage } from './message-spans.ts';
import { ExportTraceServiceRequest, type TraceRequest } from './otlp-messages.ts';
import { readProtobufExport } from './read-protobuf-export.ts';

export type OtlpEncoding = 'protobuf' | 'json';

const HEX_ID = /^(?:[0-9a-fA-F]{2})*$/;

/** OTLP/JSON writes trace and span ids as hex, where proto3 JSON would use base64 (OTLP spec, "JSON Protobuf Encoding"). */
function hexToBytes(value: unknown, where: string): unknown {
  if (typeof value !== 'string') return value;
  if (!HEX_ID.test(value)) throw new UserInputError(`${where} must be a hex string (got "${value.slice(0, 40)}")`);
  return Buffer.from(value, 'hex');
}

function idsToBytes(parsed: unknown): void {
  const list = (value: unknown): Record<string, unknown>[] =>
    Array.isArray(value)
      ? value.filter((item): item is Record<string, unknown> => typeof item === 'object' && item !== null)
      : [];
  if (typeof parsed !== 'object' || parsed === null) return;
  for (const resourceSpans of list((parsed as Record<string, unknown>).resourceSpans)) {
    for (const scopeSpans of list(resourceSpans.scopeSpans)) {
      for (const span of list(scopeSpans.spans)) {
        for (const key of ['traceId', 'spanId', 'parentSpanId'] as const)
          span[key] = hexToBytes(span[key], `span ${key}`);
        for (const link of list(span.links)) {
          for (const key of ['traceId', 'spanId'] as const) link[key] = hexToBytes(link[key], `link ${key}`);
        }
      }
    }
  }
}

/**
 * The resources and spans of an ExportTraceServiceRequest from its protobuf or OTLP/JSON body, through
 * protobufjs and the official message definitions either way: protobuf read straight from the bytes, JSON
 * through the message object. A body that cannot be decoded is a UserInputError saying why.
 */
export function decodeTraceRequest(body: Uint8Array, encoding: OtlpEncoding): ResourceFacts[] {
  try {
    if (encoding === 'protobuf') return readProtobufExport(body);
    const parsed: unknown = JSON.parse(Buffer.from(body).toString('utf8'));
    if (typeof parsed !== 'object' || parsed === null || Array.isArray(parsed))
      throw new UserInputError('the body must be a JSON object (an ExportTraceServiceRequest)');
    idsToBytes(parsed);
    return resourcesOfMessage(
      ExportTraceServiceRequest.fromObject(parsed as Record<string, unknown>) as unknown as TraceRequest,
    );
  } catch (error) {
    if (error instanceof UserInputError) throw error;
    const what =
      encoding === 'protobuf' ? 'a protobuf ExportTraceServiceRequest' : 'an OTLP/JSON ExportTraceServiceRequest';
    throw new UserInputError(`the body is not ${what} (${(error as Error).message})`);
  }
}
