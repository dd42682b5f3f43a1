import type { Span } from './otlp-messages.ts';
import { integerAttribute, textAttribute, uint64ToBigInt, type AttributeValue } from './span-attributes.ts';

/** SpanKind SERVER (SPAN_KIND_SERVER) in the OTLP trace messages. */
const SPAN_KIND_SERVER = 2;

type Attributes = ReadonlyMap<string, AttributeValue>;

/** A span as the capture pipeline's record (the shape POST /api/v1/ingest takes), or why it is not one. */
export type SpanReading = { kind: 'record'; record: Record<string, unknown> } | { kind: 'skipped' } | { kind: 'rejected'; reason: string };

/**
 * The route a span names: `http.route` (the framework's template, e.g. `/users/:id`), which beats the
 * normalizer's guess from the path. Kept alone so a change to how routes are read or cleaned is made here.
 */
export function routeOfSpan(attributes: Attributes): string | undefined {
  return textAttribute(attributes, 'http.route');
}

/** Ids as hex. protobufjs hands bytes over as Buffers already; Buffer.from would copy each one first. */
function hex(bytes: Uint8Array): string {
  return (Buffer.isBuffer(bytes) ? bytes : Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength)).toString('hex');
}

/** Header attributes (`http.request.header.<name>`, a string array in the conventions) as one header map. */
function headersOf(attributes: Attributes, prefix: string): Record<string, string> | undefined {
  let headers: Record<string, string> | undefined;
  for (const [key, value] of attributes) {
    if (!key.startsWith(prefix)) continue;
    headers ??= {};
    headers[key.slice(prefix.length)] = Array.isArray(value) ? value.join(', ') : String(value);
  }
  return headers;
}

/**
 * The request URL from the stable conventions (`url.full`, or `url.scheme` + `server.address` +
 * `server.port` + `url.path` + `url.query`) or the older ones (`http.url`, or `http.scheme` + `http.host`
 * + `http.target`). A server span rarely knows its public host: the Host header's, or "unknown.invalid".
 */
function urlOf(attributes: Attributes, requestHeaders: Record<string, string> | undefined): string | undefined {
  const full = textAttribute(attributes, 'url.full', 'http.url');
  if (full && URL.canParse(full)) return full;
  const scheme = textAttribute(attributes, 'url.scheme', 'http.scheme') ?? 'http';
  const port = textAttribute(attributes, 'server.port', 'net.host.port');
  const address = textAttribute(attributes, 'server.address', 'net.host.name');
  const host = textAttribute(attributes, 'http.host') ?? requestHeaders?.host ?? (address ? (port ? `${address}:${port}` : address) : 'unknown.invalid');
  const target = textAttribute(attributes, 'http.target');
  const path = textAttribute(attributes, 'url.path') ?? target?.split('?')[0];
  if (path === undefined) return undefined;
  const query = textAttribute(attributes, 'url.query') ?? (target?.includes('?') ? target.slice(target.indexOf('?') + 1) : undefined);
  const url = `${scheme}://${host}${path.startsWith('/') ? '' : '/'}${path}${query ? `?${query}` : ''}`;
  return URL.canParse(url) ? url : undefined;
}

/**
 * One span read as a captured request: SERVER spans with an HTTP method are requests; any other span is
 * skipped (a client call, an internal step). The id is the trace and span id, so a re-sent export is
 * stored once.
 */
export function spanToRecord(span: Span, attributes: Attributes, bucket: string): SpanReading {
  if (span.kind !== SPAN_KIND_SERVER) return { kind: 'skipped' };
  let method = textAttribute(attributes, 'http.request.method', 'http.method');
  if (method === undefined) return { kind: 'skipped' };
  // The stable conventions write "_OTHER" for a method they do not know, and keep the original beside it.
  if (method === '_OTHER') method = textAttribute(attributes, 'http.request.method_original') ?? method;

  const spanId = hex(span.spanId);
  const spanName = () => `span "${span.name}" (${spanId})`;
  const status = integerAttribute(attributes, 'http.response.status_code', 'http.status_code');
  if (status === undefined) return { kind: 'rejected', reason: `${spanName()} has no http.response.status_code` };
  const requestHeaders = headersOf(attributes, 'http.request.header.');
  const url = urlOf(attributes, requestHeaders);
  if (url === undefined) return { kind: 'rejected', reason: `${spanName()} has no url.full, url.path or http.target` };

  const start = uint64ToBigInt(span.startTimeUnixNano);
  const end = uint64ToBigInt(span.endTimeUnixNano);
  const record: Record<string, unknown> = {
    id: `${hex(span.traceId)}-${spanId}`,
    bucket,
    method,
    url,
    status,
    durationMs: end > start ? Number(end - start) / 1e6 : 0,
    timestamp: new Date(Number(start / 1_000_000n)).toISOString(),
  };
  const route = routeOfSpan(attributes);
  if (route !== undefined) record.route = route;
  if (requestHeaders) record.requestHeaders = requestHeaders;
  const responseHeaders = headersOf(attributes, 'http.response.header.');
  if (responseHeaders) record.responseHeaders = responseHeaders;
  const userAgent = textAttribute(attributes, 'user_agent.original', 'http.user_agent');
  if (userAgent !== undefined) record.userAgent = userAgent;
  const clientIp = textAttribute(attributes, 'client.address', 'http.client_ip', 'net.peer.ip', 'network.peer.address');
  if (clientIp !== undefined) record.clientIp = clientIp;
  return { kind: 'record', record };
}
