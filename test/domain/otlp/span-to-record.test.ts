import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { SpanFacts } from '../../../src/domain/otlp/exported-spans.ts';
import { readHttpSpanAttributes } from '../../../src/domain/otlp/http-span-attributes.ts';
import { readIncomingRequest, vouchedFacts } from '../../../src/domain/ingest/read-incoming-request.ts';
import { spanToRecord } from '../../../src/domain/otlp/span-to-record.ts';

const SERVER = 2;
const RUNS = Number(process.env.PROPERTY_RUNS ?? 2000);

/** An HTTP server span with these attributes (strings as stringValue, numbers as intValue). */
function serverSpan(attributes: Record<string, string | number>): SpanFacts {
  return {
    kind: SERVER,
    name: 'GET',
    traceId: '0af7651916cd43dd8448eb211c80319c',
    spanId: 'b7ad6b7169203331',
    startTimeUnixNano: 1_795_000_000_000_000_000,
    endTimeUnixNano: 1_795_000_000_012_000_000,
    http: readHttpSpanAttributes(
      Object.entries(attributes).map(([key, value]) => ({
        key,
        value: typeof value === 'string' ? { stringValue: value } : { intValue: value },
      })),
    ),
  };
}

const GET = { 'http.request.method': 'GET', 'http.response.status_code': 200 };

function urlOf(attributes: Record<string, string | number>): string | undefined {
  const reading = spanToRecord(serverSpan({ ...GET, ...attributes }), 'checkout');
  return reading.kind === 'record' ? (reading.record.url as string) : undefined;
}

describe('the request URL of an HTTP server span', () => {
  it('builds each span of one export with its own host when two hosts alternate', () => {
    const hosts = ['a.example.com', 'b.example.com', 'a.example.com', 'b.example.com'];
    expect(hosts.map((host, i) => urlOf({ 'server.address': host, 'url.path': `/items/${i}` }))).toEqual([
      'http://a.example.com/items/0',
      'http://b.example.com/items/1',
      'http://a.example.com/items/2',
      'http://b.example.com/items/3',
    ]);
  });

  it('takes url.full as it is, also without a path', () => {
    expect(urlOf({ 'url.full': 'https://api.example.com' })).toBe('https://api.example.com');
    expect(urlOf({ 'url.full': 'https://api.example.com:8443/a?b=1' })).toBe('https://api.example.com:8443/a?b=1');
  });

  it('puts server.port after the address, with url.scheme and url.query', () => {
    expect(
      urlOf({
        'url.scheme': 'https',
        'server.address': 'api.example.com',
        'server.port': 8443,
        'url.path': '/search',
        'url.query': 'q=shoes',
      }),
    ).toBe('https://api.example.com:8443/search?q=shoes');
  });

  it('rejects a span whose port is out of range even after the same address with a good port was read', () => {
    expect(urlOf({ 'server.address': 'api.example.com', 'server.port': 8080, 'url.path': '/a' })).toBe(
      'http://api.example.com:8080/a',
    );
    const reading = spanToRecord(
      serverSpan({ ...GET, 'server.address': 'api.example.com', 'server.port': 99_999, 'url.path': '/a' }),
      'checkout',
    );
    expect(reading).toEqual({
      kind: 'rejected',
      reason: 'span "GET" (b7ad6b7169203331) has no url.full, url.path or http.target',
    });
  });

  it('puts a bare IPv6 server.address in brackets, with and without a port', () => {
    expect(urlOf({ 'server.address': '::1', 'server.port': 8080, 'url.path': '/health' })).toBe(
      'http://[::1]:8080/health',
    );
    expect(urlOf({ 'server.address': '2001:db8::7', 'url.path': '/health' })).toBe('http://[2001:db8::7]/health');
    expect(urlOf({ 'server.address': '[::1]', 'url.path': '/health' })).toBe('http://[::1]/health');
  });

  it("prefers the Host header's host over server.address, as the client addressed it", () => {
    expect(
      urlOf({ 'server.address': '10.0.0.5', 'http.request.header.host': 'shop.example.com', 'url.path': '/' }),
    ).toBe('http://shop.example.com/');
  });

  it('reads the older http.target, splitting its query off', () => {
    expect(urlOf({ 'http.host': 'legacy.example.com', 'http.target': '/old/path?x=1' })).toBe(
      'http://legacy.example.com/old/path?x=1',
    );
  });

  it('rejects every span of a host that is no URL host, the second as the first', () => {
    for (const path of ['/a', '/b']) expect(urlOf({ 'server.address': 'bad host', 'url.path': path })).toBeUndefined();
    expect(urlOf({ 'http.host': 'shop.example.com:port', 'url.path': '/a' })).toBeUndefined();
  });
});

describe('the record of an HTTP server span, in the capture pipeline', () => {
  it('is taken as it is, its fields typed and bounded by the span reader', () => {
    const reading = spanToRecord(
      serverSpan({ ...GET, 'server.address': 'api.example.com', 'url.path': '/a' }),
      'checkout',
    );
    if (reading.kind !== 'record') throw new Error(`not a record: ${reading.kind}`);
    const read = readIncomingRequest(reading.record);
    expect(read.ok && read.record).toBe(reading.record);
  });

  it('is read again, made storable, when a text of it cannot be stored as it is', () => {
    const reading = spanToRecord(
      serverSpan({ ...GET, 'server.address': 'api.example.com', 'url.path': '/a\u0000b' }),
      'checkout',
    );
    if (reading.kind !== 'record') throw new Error(`not a record: ${reading.kind}`);
    expect(readIncomingRequest(reading.record)).toMatchObject({
      ok: true,
      record: { url: 'http://api.example.com/a\uFFFDb' },
    });
  });
});

/** Hosts the URL parser rewrites (case, default ports, IPv4 shorthands, IDN, IPv6) beside ones it keeps. */
const host = fc.constantFrom(
  'api.example.com',
  'API.Example.COM',
  'api.example.com:80',
  'api.example.com:443',
  'api.example.com:8080',
  '127.1',
  '0x7f.0.0.1',
  'bücher.example',
  '[::1]',
  '[0:0::1]:80',
  'a%41.example',
  'bad host',
);
/** Path and query characters: ones the parser keeps, escapes, drops, or reads as delimiters or dot segments. */
const piece = fc
  .array(
    fc.constantFrom(
      ...'aZ09-._~!$&\'()*+,;=:@/?#%^`{}|[]\\"<> é\t\u0001'.split(''),
      '%2e',
      '%2E',
      '%41',
      '..',
      '/./',
      '/../',
    ),
    { maxLength: 8 },
  )
  .map((parts) => parts.join(''));

describe("the parts of a span's URL the capture pipeline reads", () => {
  it("are what the URL parser reads from the record's url, whenever the span reader brings them", () => {
    let brought = 0;
    fc.assert(
      fc.property(
        fc.constantFrom('http', 'https', 'ftp'),
        host,
        piece,
        fc.option(piece, { nil: undefined }),
        fc.boolean(),
        (scheme, serverAddress, path, query, asFullUrl) => {
          const attributes: Record<string, string> = asFullUrl
            ? { 'url.full': `${scheme}://${serverAddress}/${path}${query === undefined ? '' : `?${query}`}` }
            : { 'url.scheme': scheme, 'http.host': serverAddress, 'url.path': path };
          if (!asFullUrl && query !== undefined) attributes['url.query'] = query;
          const reading = spanToRecord(serverSpan({ ...GET, ...attributes }), 'checkout');
          if (reading.kind !== 'record') return;
          const parts = vouchedFacts(reading.record)?.urlParts;
          if (parts === undefined) return;
          // Parts built from url.path are the new code's own work; a url.full is parsed by the URL parser itself.
          if (!asFullUrl) brought++;
          const { host: parsedHost, pathname, search } = new URL(reading.record.url as string);
          expect(parts).toEqual({ host: parsedHost, pathname, search });
        },
      ),
      { numRuns: RUNS },
    );
    // The comparison means something only if a good share of the spans built from parts brought them.
    expect(brought).toBeGreaterThan(RUNS / 10);
  });

  it('are not brought for a path the parser would rewrite', () => {
    for (const path of ['/a/../b', '/a/%2E/b', '/a b', '/caf\u00e9', '/a^b']) {
      const reading = spanToRecord(
        serverSpan({ ...GET, 'server.address': 'api.example.com', 'url.path': path }),
        'checkout',
      );
      if (reading.kind !== 'record') throw new Error(`not a record: ${reading.kind}`);
      expect(vouchedFacts(reading.record)?.urlParts, path).toBeUndefined();
    }
  });
});
