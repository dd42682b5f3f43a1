import { fileURLToPath } from 'node:url';
import protobuf from 'protobufjs';

/**
 * The OTLP trace messages, read by protobufjs from the OpenTelemetry project's own .proto files (copied
 * unchanged from opentelemetry-proto v1.11.0 into ./proto). protobufjs is the maintained decoder; the
 * OpenTelemetry JS packages only encode requests (otlp-transformer writes them by hand) and ship no decoder.
 */
const PROTO_ROOT = fileURLToPath(new URL('./proto/', import.meta.url));

function loadRoot(): protobuf.Root {
  const root = new protobuf.Root();
  // Imports in the .proto files are relative to the proto folder; google/protobuf/* are protobufjs' own.
  root.resolvePath = (_origin, target) => (target.startsWith('google/protobuf/') ? target : PROTO_ROOT + target);
  root.loadSync(['opentelemetry/proto/collector/trace/v1/trace_service.proto', 'google/rpc/status.proto'], { keepCase: false });
  root.resolveAll();
  return root;
}

const root = loadRoot();
export const ExportTraceServiceRequest = root.lookupType('opentelemetry.proto.collector.trace.v1.ExportTraceServiceRequest');
export const ExportTraceServiceResponse = root.lookupType('opentelemetry.proto.collector.trace.v1.ExportTraceServiceResponse');
export const RpcStatus = root.lookupType('google.rpc.Status');

/** A fixed64 as protobufjs hands it over: a Long when the long package is there, a number otherwise. */
export type Uint64 = number | { low: number; high: number; unsigned: boolean };

/** The decoded message shapes this service reads (protobufjs gives camelCase names; unset fields read as defaults). */
export interface AnyValue {
  /** The name of the oneof member that is set, e.g. "stringValue"; undefined when none is. */
  value?: string;
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
