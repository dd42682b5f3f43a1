import type { INamespace } from 'protobufjs';

/**
 * The OTLP trace messages this service reads and answers, as a protobufjs descriptor: field names and numbers
 * as the OTLP specification (opentelemetry-proto, collector/trace/v1) defines them, fields in the JSON
 * encoding's lowerCamelCase. Only what is read is declared: the protobuf decoder skips unknown fields (span
 * events, links, trace state), so leaving them out changes nothing but the work done. protobufjs does the wire
 * format; nothing here encodes or decodes bytes by hand.
 */
type FieldDescriptor = { type: string; id: number; rule?: 'repeated'; options?: Record<string, unknown> };
const message = (fields: Record<string, FieldDescriptor>) => ({ fields });

/** A field that is read as set when an export carries it, even at its zero value: what a oneof member is. */
const present = (field: FieldDescriptor): FieldDescriptor => ({
  ...field,
  options: { features: { field_presence: 'EXPLICIT' } },
});

export const OTLP_TRACE_DESCRIPTOR: INamespace = {
  nested: {
    opentelemetry: {
      nested: {
        proto: {
          nested: {
            common: {
              nested: {
                v1: {
                  nested: {
                    // The specification declares these seven fields as `oneof value`. A oneof is a rule of the
                    // schema, not of the wire (each member is an ordinary field with presence there), so the
                    // fields are declared with presence and without the oneof: protobufjs' oneof setter deletes
                    // the other six properties from every decoded AnyValue, which turns each attribute into a
                    // slow dictionary-mode object and cost about half the decoding time of an export (measured,
                    // BENCHMARKS.md run 20). span-attributes.ts reads which member is set from those present.
                    AnyValue: message({
                      stringValue: present({ type: 'string', id: 1 }),
                      boolValue: present({ type: 'bool', id: 2 }),
                      intValue: present({ type: 'int64', id: 3 }),
                      doubleValue: present({ type: 'double', id: 4 }),
                      arrayValue: { type: 'ArrayValue', id: 5 },
                      kvlistValue: { type: 'KeyValueList', id: 6 },
                      bytesValue: present({ type: 'bytes', id: 7 }),
                    }),
                    ArrayValue: message({ values: { rule: 'repeated', type: 'AnyValue', id: 1 } }),
                    KeyValueList: message({ values: { rule: 'repeated', type: 'KeyValue', id: 1 } }),
                    KeyValue: message({ key: { type: 'string', id: 1 }, value: { type: 'AnyValue', id: 2 } }),
                    InstrumentationScope: message({
                      name: { type: 'string', id: 1 },
                      version: { type: 'string', id: 2 },
                      attributes: { rule: 'repeated', type: 'KeyValue', id: 3 },
                    }),
                  },
                },
              },
            },
            resource: {
              nested: {
                v1: {
                  nested: {
                    Resource: message({
                      attributes: { rule: 'repeated', type: 'opentelemetry.proto.common.v1.KeyValue', id: 1 },
                    }),
                  },
                },
              },
            },
            trace: {
              nested: {
                v1: {
                  nested: {
                    ResourceSpans: message({
                      resource: { type: 'opentelemetry.proto.resource.v1.Resource', id: 1 },
                      scopeSpans: { rule: 'repeated', type: 'ScopeSpans', id: 2 },
                      schemaUrl: { type: 'string', id: 3 },
                    }),
                    ScopeSpans: message({
                      scope: { type: 'opentelemetry.proto.common.v1.InstrumentationScope', id: 1 },
                      spans: { rule: 'repeated', type: 'Span', id: 2 },
                      schemaUrl: { type: 'string', id: 3 },
                    }),
                    Span: {
                      fields: {
                        traceId: { type: 'bytes', id: 1 },
                        spanId: { type: 'bytes', id: 2 },
                        parentSpanId: { type: 'bytes', id: 4 },
                        name: { type: 'string', id: 5 },
                        kind: { type: 'SpanKind', id: 6 },
                        startTimeUnixNano: { type: 'fixed64', id: 7 },
                        endTimeUnixNano: { type: 'fixed64', id: 8 },
                        attributes: { rule: 'repeated', type: 'opentelemetry.proto.common.v1.KeyValue', id: 9 },
                        status: { type: 'Status', id: 15 },
                      },
                      nested: {
                        SpanKind: {
                          values: {
                            SPAN_KIND_UNSPECIFIED: 0,
                            SPAN_KIND_INTERNAL: 1,
                            SPAN_KIND_SERVER: 2,
                            SPAN_KIND_CLIENT: 3,
                            SPAN_KIND_PRODUCER: 4,
                            SPAN_KIND_CONSUMER: 5,
                          },
                        },
                      },
                    },
                    Status: {
                      fields: { message: { type: 'string', id: 2 }, code: { type: 'StatusCode', id: 3 } },
                      nested: {
                        StatusCode: { values: { STATUS_CODE_UNSET: 0, STATUS_CODE_OK: 1, STATUS_CODE_ERROR: 2 } },
                      },
                    },
                  },
                },
              },
            },
            collector: {
              nested: {
                trace: {
                  nested: {
                    v1: {
                      nested: {
                        ExportTraceServiceRequest: message({
                          resourceSpans: {
                            rule: 'repeated',
                            type: 'opentelemetry.proto.trace.v1.ResourceSpans',
                            id: 1,
                          },
                        }),
                        ExportTraceServiceResponse: message({
                          partialSuccess: { type: 'ExportTracePartialSuccess', id: 1 },
                        }),
                        ExportTracePartialSuccess: message({
                          rejectedSpans: { type: 'int64', id: 1 },
                          errorMessage: { type: 'string', id: 2 },
                        }),
                      },
                    },
                  },
                },
              },
            },
          },
        },
      },
    },
    google: {
      nested: {
        protobuf: { nested: { Any: message({ typeUrl: { type: 'string', id: 1 }, value: { type: 'bytes', id: 2 } }) } },
        rpc: {
          nested: {
            Status: message({
              code: { type: 'int32', id: 1 },
              message: { type: 'string', id: 2 },
              details: { rule: 'repeated', type: 'google.protobuf.Any', id: 3 },
            }),
          },
        },
      },
    },
  },
};
