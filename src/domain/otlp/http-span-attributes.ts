import type { KeyValue } from './otlp-messages.ts';
import { read, type AttributeValue } from './span-attributes.ts';

/**
 * The attributes an HTTP server span is read by, stable conventions and older ones. Only these are kept:
 * a general map of every attribute cost more per span than the rest of the mapping together.
 */
const WANTED = [
  'http.request.method',
  'http.method',
  'http.request.method_original',
  'http.response.status_code',
  'http.status_code',
  'url.full',
  'http.url',
  'url.scheme',
  'http.scheme',
  'server.port',
  'net.host.port',
  'server.address',
  'net.host.name',
  'http.host',
  'http.target',
  'url.path',
  'url.query',
  'http.route',
  'user_agent.original',
  'http.user_agent',
  'client.address',
  'http.client_ip',
  'net.peer.ip',
  'network.peer.address',
] as const;

export type HttpAttributeKey = (typeof WANTED)[number];
export const HTTP_ATTRIBUTE_KEYS: readonly string[] = WANTED;
/** Each wanted key's place in `values`: an array indexed by a Map beats an object keyed by dotted names. */
const PLACE: ReadonlyMap<string, number> = new Map(WANTED.map((key, place) => [key, place]));

const REQUEST_HEADER = 'http.request.header.';
const RESPONSE_HEADER = 'http.response.header.';
/** Attributes of these prefixes carry request and response headers, one attribute a header. */
export const HTTP_HEADER_PREFIXES: readonly string[] = [REQUEST_HEADER, RESPONSE_HEADER];

export interface HttpSpanAttributes {
  /** By the key's place in the wanted list: read them through `httpAttribute`. */
  values: (AttributeValue | undefined)[];
  /** `http.request.header.<name>` (a string array in the conventions) as one header map. */
  requestHeaders: Record<string, string> | undefined;
  responseHeaders: Record<string, string> | undefined;
}

const headerText = (value: AttributeValue) => (Array.isArray(value) ? value.join(', ') : String(value));

export function emptyHttpSpanAttributes(): HttpSpanAttributes {
  return {
    values: new Array<AttributeValue | undefined>(WANTED.length),
    requestHeaders: undefined,
    responseHeaders: undefined,
  };
}

/** Whether the mapping reads an attribute of this key: a decoder may skip the value of any other. */
export function isHttpAttributeKey(key: string): boolean {
  return PLACE.has(key) || key.startsWith(REQUEST_HEADER) || key.startsWith(RESPONSE_HEADER);
}

/**
 * Adds one attribute of a span, in the order the span lists them. A key repeated in the list keeps its last
 * value (as the OTLP spec allows receivers to do) and its first place among the headers, as a Map of them all did.
 */
export function addHttpAttribute(found: HttpSpanAttributes, key: string, value: AttributeValue | undefined): void {
  if (value === undefined) return;
  const place = PLACE.get(key);
  if (place !== undefined) found.values[place] = value;
  else if (key.startsWith(REQUEST_HEADER))
    (found.requestHeaders ??= {})[key.slice(REQUEST_HEADER.length)] = headerText(value);
  else if (key.startsWith(RESPONSE_HEADER))
    (found.responseHeaders ??= {})[key.slice(RESPONSE_HEADER.length)] = headerText(value);
}

/** A span's decoded attributes in one pass. */
export function readHttpSpanAttributes(attributes: readonly KeyValue[] | null | undefined): HttpSpanAttributes {
  const found = emptyHttpSpanAttributes();
  for (const { key, value } of attributes ?? []) if (isHttpAttributeKey(key)) addHttpAttribute(found, key, read(value));
  return found;
}

/**
 * The places of `keys` in `values`, looked up once where a reader is defined: a lookup by key for every
 * attribute of every span was a measurable part of the mapping.
 */
export function httpAttributePlaces(...keys: HttpAttributeKey[]): readonly number[] {
  return keys.map((key) => PLACE.get(key)!);
}
