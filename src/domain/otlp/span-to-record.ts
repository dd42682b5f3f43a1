import type { IncomingRequest } from '../ingest/incoming-request.ts';
import { vouchForRecord, type UrlParts } from '../ingest/read-incoming-request.ts';
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

/** `new URL("scheme://host/").host` by origin, or null where it does not parse: one export's spans nearly always share it. */
const hostOfOrigin = new Map<string, string | null>();
/** The last answer, checked before the map: consecutive spans nearly always share scheme and host. */
let lastOrigin: { scheme: string; host: string; parsedHost: string | null } = {
  scheme: '',
  host: '',
  parsedHost: null,
};
/** A host that ends at the "/" put after it (no delimiter, credentials, space or emptiness to move the authority). */
const PLAIN_HOST = /^[^/\\?#@\s]+$/;

/**
 * The host of `scheme://host/`, parsed once per origin, or null if that does not parse. For http and https
 * with a plain host only the authority can make a URL built from parts fail (their path and query accept
 * anything, escaping it), and the built URL's host is this one whatever follows the "/".
 */
function parsedHostOf(scheme: 'http' | 'https', host: string): string | null {
  if (scheme === lastOrigin.scheme && host === lastOrigin.host) return lastOrigin.parsedHost;
  const origin = `${scheme}://${host}/`;
  let parsedHost = hostOfOrigin.get(origin);
  if (parsedHost === undefined) {
    if (hostOfOrigin.size >= 256) hostOfOrigin.clear();
    parsedHost = URL.canParse(origin) ? new URL(origin).host : null;
    hostOfOrigin.set(origin, parsedHost);
  }
  lastOrigin = { scheme, host, parsedHost };
  return parsedHost;
}

/**
 * A path and a query the URL parser leaves as they are (WHATWG URL: no character it escapes, drops or reads
 * as a delimiter, no "." or ".." segment it resolves, in any spelling), so the built URL's pathname and
 * search are known without parsing it. Anything else is left to the parser.
 */
const VERBATIM_PATH = /^[A-Za-z0-9\-._~!$&'()*+,;=:@%/]*$/;
const DOT_SEGMENT = /(?:^|\/)(?:\.|%2e){1,2}(?:\/|$)/i;
const VERBATIM_QUERY = /^[A-Za-z0-9\-._~!$&()*+,;=:@%/?]*$/;

/** A URL and, where known without parsing it, the parts of it the capture pipeline reads. */
interface SpanUrl {
  url: string;
  parts: UrlParts | undefined;
}

/**
 * The URL and its parts as the parser reads them, or undefined where it does not parse (URL.canParse's
 * answer). One parse: checking first and parsing after, as the pipeline did, parsed each such URL twice.
 */
function partsOfParsed(url: string): SpanUrl | undefined {
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    return undefined;
  }
  return { url, parts: { host: parsed.host, pathname: parsed.pathname, search: parsed.search } };
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
function urlOf(values: Values, requestHeaders: Record<string, string> | undefined): SpanUrl | undefined {
  const full = text(values, AT.fullUrl);
  if (full) {
    const parsed = partsOfParsed(full);
    if (parsed) return parsed;
  }
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
  const pathname = path.startsWith('/') ? path : `/${path}`;
  const url = `${scheme}://${host}${pathname}${query ? `?${query}` : ''}`;
  if ((scheme !== 'http' && scheme !== 'https') || !PLAIN_HOST.test(host)) return partsOfParsed(url);
  const parsedHost = parsedHostOf(scheme, host);
  if (parsedHost === null) return undefined;
  const verbatim =
    VERBATIM_PATH.test(pathname) && !DOT_SEGMENT.test(pathname) && (!query || VERBATIM_QUERY.test(query));
  return { url, parts: verbatim ? { host: parsedHost, pathname, search: query ? `?${query}` : '' } : undefined };
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
  const spanUrl = urlOf(values, requestHeaders);
  if (spanUrl === undefined)
    return { kind: 'rejected', reason: `span "${span.name}" (${spanId}) has no url.full, url.path or http.target` };

  const startMs = unixNanosToMs(span.startTimeUnixNano);
  const record: IncomingRequest = {
    id: `${span.traceId}-${spanId}`,
    bucket,
    method,
    url: spanUrl.url,
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
  // The url parsed above (urlOf) into these parts and the timestamp is startMs' text: the pipeline need not
  // read the record again, nor parse its url and time.
  return { kind: 'record', record: vouchForRecord(record, startMs, spanUrl.parts) };
}
