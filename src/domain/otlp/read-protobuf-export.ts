import protobuf from 'protobufjs';
import type { ResourceFacts, SpanFacts } from './exported-spans.ts';
import {
  addHttpAttribute,
  emptyHttpSpanAttributes,
  HTTP_ATTRIBUTE_KEYS,
  HTTP_HEADER_PREFIXES,
} from './http-span-attributes.ts';
import { otlpType, type AnyValue, type KeyValue, type Uint64 } from './otlp-messages.ts';
import { attributeMap, read, uint64ToNumber, type AttributeValue } from './span-attributes.ts';

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
 * The keys the mapping reads, as UTF-8 bytes by length and then by first byte, each with its place among the
 * wanted keys, so that a key in the body is recognised or skipped without being decoded: decoding every key
 * of every span to a string and looking it up was the largest cost of reading an export. Length and first
 * byte leave one candidate for most keys (at most three, e.g. "http." keys of 11 bytes), so a key is compared
 * with one candidate, where by length alone several were compared and the shared "http." prefix made
 * each comparison run five bytes before failing.
 */
const KEYS_BY_LENGTH_AND_FIRST_BYTE: { bytes: Buffer; place: number }[][][] = [];
HTTP_ATTRIBUTE_KEYS.forEach((key, place) => {
  const bytes = Buffer.from(key, 'utf8');
  ((KEYS_BY_LENGTH_AND_FIRST_BYTE[bytes.length] ??= [])[bytes[0]!] ??= []).push({ bytes, place });
});
const HEADER_PREFIXES = HTTP_HEADER_PREFIXES.map((prefix) => Buffer.from(prefix, 'utf8'));
/** What `wantedPlace` answers for a header attribute (read by its key) and for a key the mapping ignores. */
const HEADER = -1;
const IGNORED = -2;

/** Whether the body holds `expected` at `start`, from its byte `from` on (the bytes before are known to match). */
function bytesAt(body: Buffer, start: number, expected: Buffer, from = 0): boolean {
  for (let i = from; i < expected.length; i++) if (body[start + i] !== expected[i]) return false;
  return true;
}

/** The wanted key's place for the key at these bounds, HEADER for a header attribute, else IGNORED. */
function wantedPlace(body: Buffer, start: number, end: number): number {
  const candidates = KEYS_BY_LENGTH_AND_FIRST_BYTE[end - start]?.[body[start]!];
  if (candidates !== undefined)
    for (const candidate of candidates) if (bytesAt(body, start, candidate.bytes, 1)) return candidate.place;
  for (const prefix of HEADER_PREFIXES) if (end - start > prefix.length && bytesAt(body, start, prefix)) return HEADER;
  return IGNORED;
}

/**
 * The text each wanted attribute had when last read in this export, by its bytes: the spans of one export
 * mostly repeat their scheme, host, method, user agent and client address, and comparing a few bytes costs
 * less than decoding them into a new string (and collecting it) again.
 */
class RecentTexts {
  private readonly starts: number[] = [];
  private readonly ends: number[] = [];
  private readonly texts: string[] = [];

  constructor(readonly body: Buffer) {}

  /** The UTF-8 text at these bounds, decoded leniently as protobufjs' Buffer reader does. */
  at(place: number, start: number, end: number): string {
    const lastStart = this.starts[place];
    if (lastStart !== undefined && this.ends[place]! - lastStart === end - start) {
      let same = true;
      for (let i = 0; same && i < end - start; i++) same = this.body[start + i] === this.body[lastStart + i];
      if (same) return this.texts[place]!;
    }
    const text = this.body.toString('utf8', start, end);
    this.starts[place] = start;
    this.ends[place] = end;
    this.texts[place] = text;
    return text;
  }
}

/**
 * An attribute's value. The two kinds HTTP attributes nearly always have (a string, an integer) are read
 * here from the one field an exporter writes; any other shape goes through protobufjs' AnyValue decoder.
 * A string of a wanted key (place ≥ 0) is taken from `recent` when the bytes repeat.
 */
function readValue(reader: protobuf.Reader, recent: RecentTexts, place: number): AttributeValue | undefined {
  const length = reader.size();
  const start = reader.pos;
  const end = start + length;
  if (length > 0 && end <= reader.len) {
    const tag = reader.tag();
    if (tag === TAG.stringValue) {
      const textLength = reader.size();
      const textStart = reader.pos;
      reader.skip(textLength);
      if (reader.pos === end)
        return place >= 0 ? recent.at(place, textStart, end) : recent.body.toString('utf8', textStart, end);
    } else if (tag === TAG.intValue) {
      const integer = reader.int64() as unknown as Uint64;
      if (reader.pos === end) return uint64ToNumber(integer);
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

/** Skips a length-delimited field and answers where it started: its end is then the reader's position. */
function skipOver(reader: protobuf.Reader): number {
  const length = reader.size();
  const start = reader.pos;
  reader.skip(length);
  return start;
}

/**
 * A fixed64 field as its two 32-bit words, low word first as fixed64 is laid out; protobufjs' `fixed64()`
 * reads the same words and builds a LongBits and then a Long of them, two objects a time, two times a span.
 */
function fixed64Words(reader: protobuf.Reader): Uint64 {
  const low = reader.fixed32();
  const high = reader.fixed32();
  return { low, high, unsigned: true };
}

/** One KeyValue, its value decoded only when the mapping reads the key (most of a span's bytes are skipped). */
function readAttribute(reader: protobuf.Reader, recent: RecentTexts, facts: SpanFacts): void {
  const body = recent.body;
  const outer = enter(reader);
  let keyStart = -1;
  let keyEnd = -1;
  let place = IGNORED;
  let value: AttributeValue | undefined;
  while (reader.pos < reader.len) {
    const tag = reader.tag();
    if (tag === TAG.key) {
      keyStart = skipOver(reader);
      keyEnd = reader.pos;
      place = wantedPlace(body, keyStart, keyEnd);
      // Encoders write the key first; a value written before its key is decoded all the same, in case it is wanted.
    } else if (tag === TAG.value && (keyStart < 0 || place !== IGNORED))
      value = readValue(reader, recent, keyStart < 0 ? IGNORED : place);
    else skip(reader, tag);
  }
  leave(reader, outer);
  if (value === undefined || place === IGNORED) return;
  if (place === HEADER) addHttpAttribute(facts.http, body.toString('utf8', keyStart, keyEnd), value);
  else facts.http.values[place] = value;
}

/**
 * A span read from the body. Its name is decoded only when read (a rejection names the span; a stored
 * request does not), and its ids as hex only for SERVER spans, the only ones turned into records.
 */
class ProtobufSpan implements SpanFacts {
  kind = 0;
  traceId = '';
  spanId = '';
  startTimeUnixNano: Uint64 = 0;
  endTimeUnixNano: Uint64 = 0;
  http = emptyHttpSpanAttributes();
  nameStart = 0;
  nameEnd = 0;

  constructor(private readonly body: Buffer) {}

  get name(): string {
    return this.body.toString('utf8', this.nameStart, this.nameEnd);
  }
}

function readSpan(reader: protobuf.Reader, recent: RecentTexts): SpanFacts {
  const body = recent.body;
  const outer = enter(reader);
  const span = new ProtobufSpan(body);
  let traceIdStart = 0;
  let traceIdEnd = 0;
  let spanIdStart = 0;
  let spanIdEnd = 0;
  while (reader.pos < reader.len) {
    const tag = reader.tag();
    if (tag === TAG.attributes) readAttribute(reader, recent, span);
    else if (tag === TAG.kind) span.kind = reader.int32();
    else if (tag === TAG.traceId) {
      traceIdStart = skipOver(reader);
      traceIdEnd = reader.pos;
    } else if (tag === TAG.spanId) {
      spanIdStart = skipOver(reader);
      spanIdEnd = reader.pos;
    } else if (tag === TAG.name) {
      span.nameStart = skipOver(reader);
      span.nameEnd = reader.pos;
    } else if (tag === TAG.startTimeUnixNano) span.startTimeUnixNano = fixed64Words(reader);
    else if (tag === TAG.endTimeUnixNano) span.endTimeUnixNano = fixed64Words(reader);
    else skip(reader, tag);
  }
  leave(reader, outer);
  if (span.kind === SPAN_KIND_SERVER) {
    span.traceId = body.toString('hex', traceIdStart, traceIdEnd);
    span.spanId = body.toString('hex', spanIdStart, spanIdEnd);
  }
  return span;
}

function readResourceSpans(reader: protobuf.Reader, recent: RecentTexts): ResourceFacts {
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
        if (scopeTag === TAG.spans) resource.spans.push(readSpan(reader, recent));
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
  const recent = new RecentTexts(body);
  const resources: ResourceFacts[] = [];
  while (reader.pos < reader.len) {
    const tag = reader.tag();
    if (tag === TAG.resourceSpans) resources.push(readResourceSpans(reader, recent));
    else skip(reader, tag);
  }
  return resources;
}
