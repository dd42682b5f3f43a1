import protobuf from 'protobufjs';
import type { ResourceFacts, SpanFacts } from './exported-spans.ts';
import {
  addHttpAttribute,
  emptyHttpSpanAttributes,
  HTTP_ATTRIBUTE_KEYS,
  HTTP_HEADER_PREFIXES,
} from './http-span-attributes.ts';
import { otlpType, type AnyValue, type KeyValue, type Uint64 } from './otlp-messages.ts';
import { attributeMap, read, type AttributeValue } from './span-attributes.ts';

/** SpanKind SERVER in the OTLP trace messages: only these spans' ids are turned into text. */
const SPAN_KIND_SERVER = 2;

/**
 * A field's tag (number and wire type) as it appears in a body, both taken from the descriptor through
 * protobufjs: its wire type is the one protobufjs writes for the field's declared type.
 */
function tagOf(typeName: string, fieldName: string): number {
  const field = otlpType(typeName).fields[fieldName];
  if (!field) throw new Error(`${typeName} has no field ${fieldName}`);
  const resolved = field.resolve().resolvedType;
  const wireType =
    resolved instanceof protobuf.Type
      ? 2
      : resolved instanceof protobuf.Enum
        ? 0
        : (protobuf.types.basic as Record<string, number | undefined>)[field.type];
  if (wireType === undefined) throw new Error(`${typeName}.${fieldName} has no wire type`);
  return ((field.id << 3) | wireType) >>> 0;
}

const TRACE = 'opentelemetry.proto.trace.v1';
const TAG = {
  resourceSpans: tagOf('opentelemetry.proto.collector.trace.v1.ExportTraceServiceRequest', 'resourceSpans'),
  resource: tagOf(`${TRACE}.ResourceSpans`, 'resource'),
  scopeSpans: tagOf(`${TRACE}.ResourceSpans`, 'scopeSpans'),
  spans: tagOf(`${TRACE}.ScopeSpans`, 'spans'),
  traceId: tagOf(`${TRACE}.Span`, 'traceId'),
  spanId: tagOf(`${TRACE}.Span`, 'spanId'),
  name: tagOf(`${TRACE}.Span`, 'name'),
  kind: tagOf(`${TRACE}.Span`, 'kind'),
  startTimeUnixNano: tagOf(`${TRACE}.Span`, 'startTimeUnixNano'),
  endTimeUnixNano: tagOf(`${TRACE}.Span`, 'endTimeUnixNano'),
  attributes: tagOf(`${TRACE}.Span`, 'attributes'),
  key: tagOf('opentelemetry.proto.common.v1.KeyValue', 'key'),
  value: tagOf('opentelemetry.proto.common.v1.KeyValue', 'value'),
  stringValue: tagOf('opentelemetry.proto.common.v1.AnyValue', 'stringValue'),
  intValue: tagOf('opentelemetry.proto.common.v1.AnyValue', 'intValue'),
};
const ResourceType = otlpType('opentelemetry.proto.resource.v1.Resource');
const AnyValueType = otlpType('opentelemetry.proto.common.v1.AnyValue');

/**
 * The keys the mapping reads, as UTF-8 bytes by length, each with its place among the wanted keys, so that
 * a key in the body is recognised or skipped without being decoded: decoding every key of every span to a
 * string and looking it up was the largest cost of reading an export.
 */
const KEYS_BY_LENGTH: { bytes: Buffer; place: number }[][] = [];
HTTP_ATTRIBUTE_KEYS.forEach((key, place) => {
  const bytes = Buffer.from(key, 'utf8');
  (KEYS_BY_LENGTH[bytes.length] ??= []).push({ bytes, place });
});
const HEADER_PREFIXES = HTTP_HEADER_PREFIXES.map((prefix) => Buffer.from(prefix, 'utf8'));
/** What `wantedPlace` answers for a header attribute (read by its key) and for a key the mapping ignores. */
const HEADER = -1;
const IGNORED = -2;

function bytesAt(body: Buffer, start: number, expected: Buffer): boolean {
  for (let i = 0; i < expected.length; i++) if (body[start + i] !== expected[i]) return false;
  return true;
}

/** The wanted key's place for the key at these bounds, HEADER for a header attribute, else IGNORED. */
function wantedPlace(body: Buffer, start: number, end: number): number {
  const candidates = KEYS_BY_LENGTH[end - start];
  if (candidates !== undefined)
    for (const candidate of candidates) if (bytesAt(body, start, candidate.bytes)) return candidate.place;
  for (const prefix of HEADER_PREFIXES) if (end - start > prefix.length && bytesAt(body, start, prefix)) return HEADER;
  return IGNORED;
}

/**
 * An attribute's value. The two kinds HTTP attributes nearly always have (a string, an integer) are read
 * here from the one field an exporter writes; any other shape goes through protobufjs' AnyValue decoder.
 */
function readValue(reader: protobuf.Reader): AttributeValue | undefined {
  const length = reader.size();
  const start = reader.pos;
  const end = start + length;
  if (length > 0 && end <= reader.len) {
    const tag = reader.tag();
    if (tag === TAG.stringValue) {
      const text = reader.string();
      if (reader.pos === end) return text;
    } else if (tag === TAG.intValue) {
      const integer = reader.int64() as unknown as Uint64;
      if (reader.pos === end) return read({ intValue: integer });
    }
    reader.pos = start;
  }
  return read(AnyValueType.decode(reader, length) as unknown as AnyValue);
}

/**
 * Narrows the reader to the length-delimited field at its position and answers the bound to restore after,
 * as protobufjs' generated decoders do: a nested read past the field's end then fails as out of range.
 */
function enter(reader: protobuf.Reader): number {
  const length = reader.size();
  const end = reader.pos + length;
  if (end > reader.len) throw new RangeError(`index out of range: ${reader.pos} + ${length} > ${reader.len}`);
  const outer = reader.len;
  reader.len = end;
  return outer;
}

function leave(reader: protobuf.Reader, outer: number): void {
  reader.len = outer;
}

/** Skips a field the mapping does not read, as protobufjs' decoders skip unknown fields. */
function skip(reader: protobuf.Reader, tag: number): void {
  reader.skipType(tag & 7, 0, tag >>> 3);
}

/** A length-delimited field's bounds in the body, skipped over: read later only if needed. */
function bounds(reader: protobuf.Reader): [number, number] {
  const length = reader.size();
  const start = reader.pos;
  reader.skip(length);
  return [start, start + length];
}

/** One KeyValue, its value decoded only when the mapping reads the key (most of a span's bytes are skipped). */
function readAttribute(reader: protobuf.Reader, body: Buffer, facts: SpanFacts): void {
  const outer = enter(reader);
  let keyStart = -1;
  let keyEnd = -1;
  let place = IGNORED;
  let value: AttributeValue | undefined;
  while (reader.pos < reader.len) {
    const tag = reader.tag();
    if (tag === TAG.key) {
      [keyStart, keyEnd] = bounds(reader);
      place = wantedPlace(body, keyStart, keyEnd);
      // Encoders write the key first; a value written before its key is decoded all the same, in case it is wanted.
    } else if (tag === TAG.value && (keyStart < 0 || place !== IGNORED)) value = readValue(reader);
    else skip(reader, tag);
  }
  leave(reader, outer);
  if (value === undefined || place === IGNORED) return;
  if (place === HEADER) addHttpAttribute(facts.http, body.toString('utf8', keyStart, keyEnd), value);
  else facts.http.values[place] = value;
}

function readSpan(reader: protobuf.Reader, body: Buffer): SpanFacts {
  const outer = enter(reader);
  const facts: SpanFacts = {
    kind: 0,
    name: '',
    traceId: '',
    spanId: '',
    startTimeUnixNano: 0,
    endTimeUnixNano: 0,
    http: emptyHttpSpanAttributes(),
  };
  let traceId: [number, number] = [0, 0];
  let spanId: [number, number] = [0, 0];
  while (reader.pos < reader.len) {
    const tag = reader.tag();
    if (tag === TAG.attributes) readAttribute(reader, body, facts);
    else if (tag === TAG.kind) facts.kind = reader.int32();
    else if (tag === TAG.traceId) traceId = bounds(reader);
    else if (tag === TAG.spanId) spanId = bounds(reader);
    else if (tag === TAG.name) facts.name = reader.string();
    else if (tag === TAG.startTimeUnixNano) facts.startTimeUnixNano = reader.fixed64() as unknown as Uint64;
    else if (tag === TAG.endTimeUnixNano) facts.endTimeUnixNano = reader.fixed64() as unknown as Uint64;
    else skip(reader, tag);
  }
  leave(reader, outer);
  if (facts.kind === SPAN_KIND_SERVER) {
    facts.traceId = body.toString('hex', traceId[0], traceId[1]);
    facts.spanId = body.toString('hex', spanId[0], spanId[1]);
  }
  return facts;
}

function readResourceSpans(reader: protobuf.Reader, body: Buffer): ResourceFacts {
  const outer = enter(reader);
  const resource: ResourceFacts = { attributes: new Map(), spans: [] };
  while (reader.pos < reader.len) {
    const tag = reader.tag();
    if (tag === TAG.resource) {
      const decoded = ResourceType.decode(reader, reader.size()) as unknown as { attributes?: KeyValue[] };
      resource.attributes = attributeMap(decoded.attributes);
    } else if (tag === TAG.scopeSpans) {
      const scopeOuter = enter(reader);
      while (reader.pos < reader.len) {
        const scopeTag = reader.tag();
        if (scopeTag === TAG.spans) resource.spans.push(readSpan(reader, body));
        else skip(reader, scopeTag);
      }
      leave(reader, scopeOuter);
    } else skip(reader, tag);
  }
  leave(reader, outer);
  return resource;
}

/**
 * A protobuf ExportTraceServiceRequest read straight into what the mapping needs, through protobufjs' Reader
 * and the descriptor's field numbers: no message object per span, attribute or value, and only the values of
 * the attributes the mapping reads are decoded. Building the full messages and then reading them took twice
 * as long (BENCHMARKS.md run 25). Strings are decoded leniently (invalid UTF-8 becomes U+FFFD, as the
 * pipeline stores such text anyway) where protobufjs' message decoder refuses the whole export. Throws on a
 * body that is not such a message.
 */
export function readProtobufExport(bytes: Uint8Array): ResourceFacts[] {
  const body = Buffer.isBuffer(bytes) ? bytes : Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const reader = protobuf.Reader.create(body);
  const resources: ResourceFacts[] = [];
  while (reader.pos < reader.len) {
    const tag = reader.tag();
    if (tag === TAG.resourceSpans) resources.push(readResourceSpans(reader, body));
    else skip(reader, tag);
  }
  return resources;
}
