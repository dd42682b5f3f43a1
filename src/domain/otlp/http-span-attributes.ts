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
/** Each wanted key's place in `values`: an array indexed by a Map beats an object keyed by dotted names. */
const PLACE: ReadonlyMap<string, number> = new Map(WANTED.map((key, place) => [key, place]));

const REQUEST_HEADER = 'http.request.header.';
const RESPONSE_HEADER = 'http.response.header.';

export interface HttpSpanAttributes {
  /** By the key's place in the wanted list: read them through `httpAttribute`. */
  values: (AttributeValue | undefined)[];
  /** `http.request.header.<name>` (a string array in the conventions) as one header map. */
  requestHeaders: Record<string, string> | undefined;
  responseHeaders: Record<string, string> | undefined;
}

const headerText = (value: AttributeValue) => (Array.isArray(value) ? value.join(', ') : String(value));

/**
 * A span's attributes in one pass. A key repeated in the list keeps its last value (as the OTLP spec allows
 * receivers to do) and its first place among the headers, as a Map of them all did.
 */
export function readHttpSpanAttributes(attributes: readonly KeyValue[] | null | undefined): HttpSpanAttributes {
  const found: HttpSpanAttributes = {
    values: new Array<AttributeValue | undefined>(WANTED.length),
    requestHeaders: undefined,
    responseHeaders: undefined,
  };
  for (const { key, value } of attributes ?? []) {
    const place = PLACE.get(key);
    if (place !== undefined) {
      const parsed = read(value);
      if (parsed !== undefined) found.values[place] = parsed;
    } else if (key.startsWith(REQUEST_HEADER)) {
      const parsed = read(value);
      if (parsed !== undefined) (found.requestHeaders ??= {})[key.slice(REQUEST_HEADER.length)] = headerText(parsed);
    } else if (key.startsWith(RESPONSE_HEADER)) {
      const parsed = read(value);
      if (parsed !== undefined) (found.responseHeaders ??= {})[key.slice(RESPONSE_HEADER.length)] = headerText(parsed);
    }
  }
  return found;
}

/** The value of one wanted key, if the span carried it. */
export function httpAttribute(values: HttpSpanAttributes['values'], key: HttpAttributeKey): AttributeValue | undefined {
  return values[PLACE.get(key)!];
}
