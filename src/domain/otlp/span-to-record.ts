import type { IncomingRequest } from '../ingest/incoming-request.ts';
import { vouchForRecord } from '../ingest/read-incoming-request.ts';
import type { SpanFacts } from './exported-spans.ts';
import { httpAttributePlaces, type HttpSpanAttributes } from './http-span-attributes.ts';
import { isoTimeOfMs } from './iso-time.ts';
import { integerOf, textOf } from './span-attributes.ts';
import { durationMs, unixNanosToMs } from './unix-nanos.ts';

/** SpanKind SERVER (SPAN_KIND_SERVER) in the OTLP trace messages. */
const SPAN_KIND_SERVER = 2;

type Values = HttpSpanAttributes['values'];

/** Where each thing the mapping reads may be, stable convention first, then the older ones. */
const AT = {
  method: httpAttributePlaces('http.request.method', 'http.method'),
  methodOriginal: httpAttributePlaces('http.request.method_original'),
  status: httpAttributePlaces('http.response.status_code', 'http.status_code'),
  fullUrl: httpAttributePlaces('url.full', 'http.url'),
  scheme: httpAttributePlaces('url.scheme', 'http.scheme'),
  port: httpAttributePlaces('server.port', 'net.host.port'),
  address: httpAttributePlaces('server.address', 'net.host.name'),
  host: httpAttributePlaces('http.host'),
  target: httpAttributePlaces('http.target'),
  path: httpAttributePlaces('url.path'),
  query: httpAttributePlaces('url.query'),
  route: httpAttributePlaces('http.route'),
  userAgent: httpAttributePlaces('user_agent.original', 'http.user_agent'),
  clientIp: httpAttributePlaces('client.address', 'http.client_ip', 'net.peer.ip', 'network.peer.address'),
};

/** The first of these places that holds a non-empty string (or a number, as text). */
function text(values: Values, places: readonly number[]): string | undefined {
  for (const place of places) {
    const found = textOf(values[place]);
    if (found !== undefined) return found;
  }
  return undefined;
}

/** The first of these places that holds an integer (or text that is one). */
function integer(values: Values, places: readonly number[]): number | undefined {
  for (const place of places) {
    const found = integerOf(values[place]);
    if (found !== undefined) return found;
  }
  return undefined;
}

/** A span as the capture pipeline's record (the shape POST /api/v1/ingest takes), or why it is not one. */
export type SpanReading =
  | { kind: 'record'; record: IncomingRequest }
  | { kind: 'skipped' }
  | { kind: 'rejected'; reason: string };

/**
 * The route a span names: `http.route` (the framework's template, e.g. `/users/:id`), which beats the
 * normalizer's guess from the path. Kept alone so a change to how routes are read or cleaned is made here.
 */
export function routeOfSpan(values: Values): string | undefined {
  return text(values, AT.route);
}

/** Whether `scheme://host/` parses, by host: the spans of one export nearly always share it. */
const originParses = new Map<string, boolean>();
/** The last answer, checked before the map: consecutive spans nearly always share scheme and host. */
let lastOrigin = { scheme: '', host: '', parses: false };
/** A host that ends at the "/" put after it (no delimiter, credentials, space or emptiness to move the authority). */
const PLAIN_HOST = /^[^/\\?#@\s]+$/;

/**
 * Whether a URL built from parts parses. For http and https with a plain host only the authority can make
 * it fail (their path and query accept anything, escaping it), so the answer is the host's, parsed once.
 */
function builtUrlParses(url: string, scheme: string, host: string): boolean {
  if (scheme === lastOrigin.scheme && host === lastOrigin.host) return lastOrigin.parses;
  if ((scheme !== 'http' && scheme !== 'https') || !PLAIN_HOST.test(host)) return URL.canParse(url);
  const origin = `${scheme}://${host}/`;
  let parses = originParses.get(origin);
  if (parses === undefined) {
    if (originParses.size >= 256) originParses.clear();
    originParses.set(origin, (parses = URL.canParse(origin)));
  }
  lastOrigin = { scheme, host, parses };
  return parses;
}

/** `server.address` as a URL host: an IPv6 address goes in brackets (the conventions write it bare, e.g. `::1`). */
function hostOfAddress(address: string): string {
  return address.includes(':') && !address.startsWith('[') ? `[${address}]` : address;
}

/**
 * The request URL from the stable conventions (`url.full`, or `url.scheme` + `server.address` +
 * `server.port` + `url.path` + `url.query`) or the older ones (`http.url`, or `http.scheme` + `http.host`
 * + `http.target`). A server span rarely knows its public host: the Host header's, or "unknown.invalid".
 */
function urlOf(values: Values, requestHeaders: Record<string, string> | undefined): string | undefined {
  const full = text(values, AT.fullUrl);
  if (full && URL.canParse(full)) return full;
  const scheme = text(values, AT.scheme) ?? 'http';
  const port = text(values, AT.port);
  const address = text(values, AT.address);
  const host =
    text(values, AT.host) ??
    requestHeaders?.host ??
    (address ? (port ? `${hostOfAddress(address)}:${port}` : hostOfAddress(address)) : 'unknown.invalid');
  const target = text(values, AT.target);
  const path = text(values, AT.path) ?? target?.split('?')[0];
  if (path === undefined) return undefined;
  const query = text(values, AT.query) ?? (target?.includes('?') ? target.slice(target.indexOf('?') + 1) : undefined);
  const url = `${scheme}://${host}${path.startsWith('/') ? '' : '/'}${path}${query ? `?${query}` : ''}`;
  return builtUrlParses(url, scheme, host) ? url : undefined;
}

/**
 * One span read as a captured request: SERVER spans with an HTTP method are requests; any other span is
 * skipped (a client call, an internal step). The id is the trace and span id, so a re-sent export is
 * stored once.
 */
export function spanToRecord(span: SpanFacts, bucket: string): SpanReading {
  if (span.kind !== SPAN_KIND_SERVER) return { kind: 'skipped' };
  const { values, requestHeaders, responseHeaders } = span.http;
  let method = text(values, AT.method);
  if (method === undefined) return { kind: 'skipped' };
  // The stable conventions write "_OTHER" for a method they do not know, and keep the original beside it.
  if (method === '_OTHER') method = text(values, AT.methodOriginal) ?? method;

  const spanId = span.spanId;
  const status = integer(values, AT.status);
  if (status === undefined)
    return { kind: 'rejected', reason: `span "${span.name}" (${spanId}) has no http.response.status_code` };
  const url = urlOf(values, requestHeaders);
  if (url === undefined)
    return { kind: 'rejected', reason: `span "${span.name}" (${spanId}) has no url.full, url.path or http.target` };

  const startMs = unixNanosToMs(span.startTimeUnixNano);
  const record: IncomingRequest = {
    id: `${span.traceId}-${spanId}`,
    bucket,
    method,
    url,
    status,
    durationMs: durationMs(span.startTimeUnixNano, span.endTimeUnixNano),
    timestamp: isoTimeOfMs(startMs),
  };
  const route = routeOfSpan(values);
  if (route !== undefined) record.route = route;
  if (requestHeaders) record.requestHeaders = requestHeaders;
  if (responseHeaders) record.responseHeaders = responseHeaders;
  const userAgent = text(values, AT.userAgent);
  if (userAgent !== undefined) record.userAgent = userAgent;
  const clientIp = text(values, AT.clientIp);
  if (clientIp !== undefined) record.clientIp = clientIp;
  // The url parsed above (urlOf) and the timestamp is startMs' text: the pipeline need not read the record again.
  vouchForRecord(record, startMs);
  return { kind: 'record', record };
}
