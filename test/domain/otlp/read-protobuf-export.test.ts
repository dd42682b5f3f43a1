import protobuf from 'protobufjs';
import { describe, expect, it } from 'vitest';
import { collectSpanRecords } from '../../../src/domain/otlp/collect-span-records.ts';
import { decodeTraceRequest } from '../../../src/domain/otlp/decode-trace-request.ts';
import { OTLP_TRACE_DESCRIPTOR } from '../../../src/domain/otlp/otlp-descriptor.ts';
import { ExportTraceServiceRequest } from '../../../src/domain/otlp/otlp-messages.ts';
import { readProtobufExport } from '../../../src/domain/otlp/read-protobuf-export.ts';

const START = '1795000000123456789';
const END = '1795000000135802467';
const STARTED_AT = new Date(Number(BigInt(START) / 1_000_000n)).toISOString();

/** An HTTP server span in OTLP/JSON form, with every kind of attribute value the mapping may meet. */
function jsonSpan(extra: Record<string, unknown> = {}) {
  return {
    traceId: '0af7651916cd43dd8448eb211c80319c',
    spanId: 'b7ad6b7169203331',
    name: 'GET /items/:id',
    kind: 2,
    startTimeUnixNano: START,
    endTimeUnixNano: END,
    attributes: [
      { key: 'http.request.method', value: { stringValue: 'GET' } },
      { key: 'url.path', value: { stringValue: '/items/7' } },
      { key: 'url.query', value: { stringValue: '' } },
      { key: 'http.route', value: { stringValue: '/items/:id' } },
      { key: 'server.address', value: { stringValue: 'api.example.com' } },
      { key: 'server.port', value: { intValue: '8443' } },
      { key: 'http.response.status_code', value: { intValue: '200' } },
      {
        key: 'http.request.header.accept',
        value: { arrayValue: { values: [{ stringValue: 'a/b' }, { stringValue: 'c/d' }] } },
      },
      { key: 'http.response.header.x-cache', value: { stringValue: 'HIT' } },
      { key: 'unrelated.flag', value: { boolValue: false } },
      { key: 'unrelated.list', value: { kvlistValue: { values: [{ key: 'k', value: { doubleValue: 1.5 } }] } } },
    ],
    ...extra,
  };
}

const exportOf = (spans: unknown[]) => ({
  resourceSpans: [
    {
      resource: { attributes: [{ key: 'service.name', value: { stringValue: 'checkout' } }] },
      scopeSpans: [{ scope: { name: 'test' }, spans }],
    },
  ],
});

/** The export as protobuf, encoded by protobufjs from the descriptor (ids as bytes, as the wire has them). */
function protobufOf(json: ReturnType<typeof exportOf>): Buffer {
  const withBytes = structuredClone(json) as {
    resourceSpans: { scopeSpans: { spans: Record<string, unknown>[] }[] }[];
  };
  for (const span of withBytes.resourceSpans[0]!.scopeSpans[0]!.spans) {
    span.traceId = Buffer.from(span.traceId as string, 'hex');
    span.spanId = Buffer.from(span.spanId as string, 'hex');
  }
  return Buffer.from(ExportTraceServiceRequest.encode(ExportTraceServiceRequest.fromObject(withBytes)).finish());
}

const recordsOf = (body: Buffer, encoding: 'protobuf' | 'json') =>
  collectSpanRecords(decodeTraceRequest(body, encoding)).groups.flatMap((group) => group.records);

describe('reading a protobuf export straight from its bytes', () => {
  it('gives the same records as the OTLP/JSON form of the same export', () => {
    const json = exportOf([jsonSpan(), jsonSpan({ spanId: '00f067aa0ba902b7', kind: 1 })]);
    const fromProtobuf = recordsOf(protobufOf(json), 'protobuf');
    expect(fromProtobuf).toEqual(recordsOf(Buffer.from(JSON.stringify(json)), 'json'));
    expect(fromProtobuf).toEqual([
      {
        id: '0af7651916cd43dd8448eb211c80319c-b7ad6b7169203331',
        bucket: 'checkout',
        method: 'GET',
        url: 'http://api.example.com:8443/items/7',
        route: '/items/:id',
        status: 200,
        durationMs: 12.345678,
        timestamp: STARTED_AT,
        requestHeaders: { accept: 'a/b, c/d' },
        responseHeaders: { 'x-cache': 'HIT' },
      },
    ]);
  });

  it('reads each span its own values when spans repeat some values and differ from the previous in others', () => {
    // Values of one length that differ in a byte, repeat, and alternate: a value reused from the span before
    // must be one whose bytes are the same.
    const paths = ['/items/1', '/items/2', '/items/2', '/items/1', '/items/3'];
    const agents = ['agent/1', 'agent/1', 'agent/2', 'agent/1', 'agent/1'];
    const spans = paths.map((path, i) =>
      jsonSpan({
        spanId: `00f067aa0ba902b${i}`,
        attributes: [
          { key: 'http.request.method', value: { stringValue: i % 2 === 0 ? 'GET' : 'PUT' } },
          { key: 'url.path', value: { stringValue: path } },
          { key: 'user_agent.original', value: { stringValue: agents[i] } },
          { key: 'http.response.status_code', value: { intValue: String(200 + i) } },
        ],
      }),
    );
    const json = exportOf(spans);
    const fromProtobuf = recordsOf(protobufOf(json), 'protobuf');
    expect(fromProtobuf).toEqual(recordsOf(Buffer.from(JSON.stringify(json)), 'json'));
    expect(fromProtobuf.map((r) => [r.method, new URL(r.url as string).pathname, r.userAgent, r.status])).toEqual(
      paths.map((path, i) => [i % 2 === 0 ? 'GET' : 'PUT', path, agents[i], 200 + i]),
    );
  });

  it('names a rejected span by its name', () => {
    const json = exportOf([jsonSpan({ attributes: [{ key: 'http.request.method', value: { stringValue: 'GET' } }] })]);
    expect(collectSpanRecords(decodeTraceRequest(protobufOf(json), 'protobuf')).rejected).toEqual([
      'span "GET /items/:id" (b7ad6b7169203331) has no http.response.status_code',
    ]);
  });

  it('reads a value written before its key, and skips fields the descriptor does not declare', () => {
    // The specification's Span has fields this service leaves out (flags, dropped counts); and a KeyValue may
    // carry its value before its key: two encoded messages one after the other are one merged message.
    const root = protobuf.Root.fromJSON(OTLP_TRACE_DESCRIPTOR);
    const span = root.lookupType('opentelemetry.proto.trace.v1.Span');
    span.add(new protobuf.Field('flags', 16, 'fixed32'));
    span.add(new protobuf.Field('droppedAttributesCount', 10, 'uint32'));
    span.remove(span.fields.attributes!);
    span.add(new protobuf.Field('attributes', 9, 'bytes', 'repeated'));
    root.resolveAll();
    const keyValue = root.lookupType('opentelemetry.proto.common.v1.KeyValue');
    const encoded = (message: Record<string, unknown>) => keyValue.encode(keyValue.fromObject(message)).finish();
    const json = exportOf([jsonSpan()]);
    const spanJson = structuredClone(json).resourceSpans[0]!.scopeSpans[0]!.spans[0] as ReturnType<typeof jsonSpan>;
    const attributes = spanJson.attributes.map(({ key, value }) =>
      Buffer.concat([encoded({ value }), encoded({ key })]),
    );
    const request = root.lookupType('opentelemetry.proto.collector.trace.v1.ExportTraceServiceRequest');
    const message = {
      resourceSpans: [
        {
          ...json.resourceSpans[0],
          scopeSpans: [
            {
              spans: [
                {
                  ...spanJson,
                  traceId: Buffer.from(spanJson.traceId, 'hex'),
                  spanId: Buffer.from(spanJson.spanId, 'hex'),
                  attributes,
                  flags: 257,
                  droppedAttributesCount: 3,
                },
              ],
            },
          ],
        },
      ],
    };
    const body = Buffer.from(request.encode(request.fromObject(message)).finish());
    expect(recordsOf(body, 'protobuf')).toEqual(recordsOf(protobufOf(json), 'protobuf'));
  });

  it('reads a span without an end time as lasting 0 ms', () => {
    const [record] = recordsOf(protobufOf(exportOf([jsonSpan({ endTimeUnixNano: undefined })])), 'protobuf');
    expect(record).toMatchObject({ durationMs: 0, timestamp: STARTED_AT });
  });

  it('throws on a body cut short inside a span', () => {
    const body = protobufOf(exportOf([jsonSpan()]));
    expect(() => readProtobufExport(body.subarray(0, body.length - 7))).toThrow(/index out of range/);
  });
});
