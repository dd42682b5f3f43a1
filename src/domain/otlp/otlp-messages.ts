import protobuf from 'protobufjs';
import { OTLP_TRACE_DESCRIPTOR } from './otlp-descriptor.ts';

/**
 * The OTLP trace messages, built by protobufjs (the maintained decoder) from the descriptor of the OTLP
 * specification's messages. The OpenTelemetry JS packages only encode requests (otlp-transformer writes them
 * by hand) and ship neither a decoder nor the .proto files.
 */
const root = protobuf.Root.fromJSON(OTLP_TRACE_DESCRIPTOR);
root.resolveAll();
/** A message type of the descriptor by its full name, e.g. `opentelemetry.proto.trace.v1.Span`. */
export const otlpType = (name: string): protobuf.Type => root.lookupType(name);
export const ExportTraceServiceRequest = root.lookupType(
  'opentelemetry.proto.collector.trace.v1.ExportTraceServiceRequest',
);
export const ExportTraceServiceResponse = root.lookupType(
  'opentelemetry.proto.collector.trace.v1.ExportTraceServiceResponse',
);
export const RpcStatus = root.lookupType('google.rpc.Status');

/** A fixed64 as protobufjs hands it over: a Long when the long package is there, a number otherwise. */
export type Uint64 = number | { low: number; high: number; unsigned: boolean };

/** The decoded message shapes this service reads (protobufjs gives camelCase names; unset fields read as defaults from the prototype). */
export interface AnyValue {
  stringValue?: string;
  boolValue?: boolean;
  intValue?: Uint64;
  doubleValue?: number;
  arrayValue?: { values: AnyValue[] };
  kvlistValue?: { values: KeyValue[] };
  bytesValue?: Uint8Array;
}
export interface KeyValue {
  key: string;
  value?: AnyValue | null;
}
export interface Span {
  traceId: Uint8Array;
  spanId: Uint8Array;
  name: string;
  kind: number;
  startTimeUnixNano: Uint64;
  endTimeUnixNano: Uint64;
  attributes: KeyValue[];
}
export interface ResourceSpans {
  resource?: { attributes: KeyValue[] } | null;
  scopeSpans: { spans: Span[] }[];
}
export interface TraceRequest {
  resourceSpans: ResourceSpans[];
}
