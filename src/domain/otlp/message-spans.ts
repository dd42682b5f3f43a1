import type { ResourceFacts } from './exported-spans.ts';
import { readHttpSpanAttributes } from './http-span-attributes.ts';
import type { TraceRequest } from './otlp-messages.ts';
import { attributeMap } from './span-attributes.ts';

/** Ids as hex. protobufjs hands bytes over as Buffers already; Buffer.from would copy each one first. */
function hex(bytes: Uint8Array): string {
  return (Buffer.isBuffer(bytes) ? bytes : Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength)).toString(
    'hex',
  );
}

/** A decoded ExportTraceServiceRequest message (the OTLP/JSON path) as what the mapping reads. */
export function resourcesOfMessage(request: TraceRequest): ResourceFacts[] {
  return (request.resourceSpans ?? []).map((resourceSpans) => ({
    attributes: attributeMap(resourceSpans.resource?.attributes),
    spans: (resourceSpans.scopeSpans ?? []).flatMap((scopeSpans) =>
      (scopeSpans.spans ?? []).map((span) => ({
        kind: span.kind,
        name: span.name,
        traceId: hex(span.traceId),
        spanId: hex(span.spanId),
        startTimeUnixNano: span.startTimeUnixNano,
        endTimeUnixNano: span.endTimeUnixNano,
        http: readHttpSpanAttributes(span.attributes),
      })),
    ),
  }));
}
