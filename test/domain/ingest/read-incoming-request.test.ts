import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { camelizeKeys, incomingRequestSchema } from '../../../src/domain/ingest/incoming-request.ts';
import type { IncomingRequest } from '../../../src/domain/ingest/incoming-request.ts';
import {
  readIncomingRequest,
  readPlainRecord,
  vouchedFacts,
  vouchForRecord,
} from '../../../src/domain/ingest/read-incoming-request.ts';

const RUNS = Number(process.env.PROPERTY_RUNS ?? 2000);

const wellFormed = {
  id: 'agent-1',
  bucket: 'orders',
  method: 'POST',
  url: 'https://api.example.com/v1/orders?page=2',
  status: 201,
  duration_ms: 12.5,
  timestamp: '2026-11-01T10:00:00Z',
  request_headers: { 'content-type': 'application/json' },
  request_body: '{"a":1}',
  response_headers: { 'x-id': '1' },
  response_body: null,
  client_ip: '10.0.0.1',
  user_agent: 'curl/8',
  blocked: false,
  blocked_reason: null,
};

/** Values at and past every bound the schema sets, of every JSON type, plus text PostgreSQL cannot hold. */
const edgeValue = fc.oneof(
  fc.constantFrom(
    '',
    'x',
    'GET',
    'get',
    'G3T',
    'https://a.example/x',
    'not a url',
    '2026-11-01T10:00:00Z',
    'yesterday',
    '\u0000',
    '\uD800',
    'a\u0000b',
  ),
  fc.constantFrom(
    'a'.repeat(64),
    'a'.repeat(65),
    'a'.repeat(200),
    'a'.repeat(201),
    'a'.repeat(500),
    'a'.repeat(501),
    'a'.repeat(2001),
  ),
  fc.constantFrom(99, 100, 200.5, 599, 600, -0, -1, 0, 86_400_000, 86_400_001, Number.NaN, Number.POSITIVE_INFINITY),
  fc.constantFrom(
    null,
    true,
    false,
    [],
    ['a', 'b'],
    {},
    { 'x-a': 'b' },
    { 'x-n': 1 },
    { 'x-l': ['a', 'b'] },
    { 'x-z': '\u0000' },
    { '\uD800': 'v' },
    JSON.parse('{"__proto__": "v"}') as unknown,
  ),
  fc.string({ maxLength: 12 }),
  fc.jsonValue({ maxDepth: 2 }),
);
const keys = [
  ...Object.keys(wellFormed),
  'durationMs',
  'requestHeaders',
  'userAgent',
  'extra',
  '__proto__',
  'duration_Ms',
];

/** The well-formed record with some fields replaced, removed or added under either spelling. */
const mutatedRecord = fc
  .array(fc.tuple(fc.constantFrom(...keys), fc.oneof(edgeValue, fc.constant(undefined))), { maxLength: 4 })
  .map((changes) => {
    const record: Record<string, unknown> = JSON.parse(JSON.stringify(wellFormed));
    for (const [key, value] of changes) {
      if (value === undefined) delete record[key];
      else Object.defineProperty(record, key, { value, enumerable: true, writable: true, configurable: true });
    }
    return record;
  });

describe('reading an incoming record', () => {
  it('gives what the schema gives whenever the plain reading applies, and leaves every other record to the schema', () => {
    let plainlyRead = 0;
    fc.assert(
      fc.property(mutatedRecord, (raw) => {
        const schema = incomingRequestSchema.safeParse(camelizeKeys(raw));
        const plain = readPlainRecord(raw);
        if (plain !== null) {
          plainlyRead++;
          expect(schema.success).toBe(true);
          expect(plain).toEqual(schema.data);
        }
        const read = readIncomingRequest(raw);
        expect(read.ok).toBe(schema.success);
        if (read.ok) expect(read.record).toEqual(schema.data);
      }),
      { numRuns: RUNS },
    );
    // The comparison means something only if the plain reading took a good share of the records.
    expect(plainlyRead).toBeGreaterThan(RUNS / 10);
  });

  it('reads the records agents send without the schema', () => {
    expect(readPlainRecord(wellFormed)).toEqual(incomingRequestSchema.parse(camelizeKeys(wellFormed)));
    expect(
      readPlainRecord({ ...wellFormed, request_body: 'a\u0000b', request_headers: { 'x-a': '\uD800' } }),
    ).toMatchObject({
      requestBody: 'a\uFFFDb',
      requestHeaders: { 'x-a': '\uFFFD' },
    });
  });

  it('explains a refused record with the field and the reason', () => {
    expect(readIncomingRequest({ ...wellFormed, status: 700 })).toEqual({
      ok: false,
      reason: 'status: Too big: expected number to be <=599',
    });
    expect(readIncomingRequest('a string')).toMatchObject({ ok: false, reason: expect.stringMatching(/^record: /) });
  });
});

/** The first value most of the time, one of the others now and then. */
const mostly = <T>(usual: T, ...others: T[]) =>
  fc.oneof({ arbitrary: fc.constant(usual), weight: 12 }, { arbitrary: fc.constantFrom(...others), weight: 1 });

/** Records as a typed reader builds them (an OTLP span's): camelCase fields, a url that parses, ms and its text. */
const typedRecord = fc
  .record({
    id: mostly('0af7651916cd43dd8448eb211c80319c-b7ad6b7169203331', '', 'a'.repeat(201), 'a\u0000b'),
    bucket: mostly('orders', '', 'a'.repeat(200), 'a'.repeat(201)),
    method: mostly('GET', 'get', 'G3T', '_OTHER', 'A'.repeat(17)),
    url: mostly(
      'http://api.example.com/orders/1',
      'http://api.example.com/a\u0000b',
      'http://api.example.com/\uD800',
      `http://api.example.com/${'a'.repeat(8200)}`,
    ),
    route: fc.option(mostly('/orders/:id', '', '\uD800', 'a'.repeat(2001)), { nil: undefined }),
    status: mostly(200, 99, 100, 599, 600, 200.5),
    durationMs: mostly(12.5, 0, 86_400_000, 86_400_001, -1, Number.NaN),
    timestampMs: fc.oneof(
      fc.integer({ min: Date.parse('1899-12-31T00:00:00Z'), max: Date.parse('1900-01-02T00:00:00Z') }),
      fc.integer({ min: Date.parse('9999-12-31T00:00:00Z'), max: Date.parse('+010000-01-02T00:00:00Z') }),
      fc.integer({ min: Date.parse('2026-01-01T00:00:00Z'), max: Date.parse('2027-01-01T00:00:00Z') }),
    ),
    userAgent: fc.option(mostly('curl/8', 'a'.repeat(2001), 'a\u0000'), { nil: undefined }),
    clientIp: fc.option(mostly('10.0.0.7', 'a'.repeat(65)), { nil: undefined }),
    requestHeaders: fc.option(
      mostly<Record<string, string>>({ host: 'a.example' }, { 'x-a': '\u0000' }, { '\uD800': 'v' }),
      {
        nil: undefined,
      },
    ),
  })
  .map(({ timestampMs, route, userAgent, clientIp, requestHeaders, ...fields }) => {
    const record: IncomingRequest = { ...fields, timestamp: new Date(timestampMs).toISOString() };
    if (route !== undefined) record.route = route;
    if (userAgent !== undefined) record.userAgent = userAgent;
    if (clientIp !== undefined) record.clientIp = clientIp;
    if (requestHeaders !== undefined) record.requestHeaders = requestHeaders;
    return { record, timestampMs };
  });

/** A record within every bound, vouched for. */
function vouchedRecord(): IncomingRequest {
  const record: IncomingRequest = {
    bucket: 'orders',
    method: 'GET',
    url: 'http://api.example.com/orders/1',
    status: 200,
    durationMs: 3,
    timestamp: '2026-11-01T10:00:00.000Z',
  };
  return vouchForRecord(record, Date.parse(record.timestamp));
}

describe('a record vouched for by a typed reader', () => {
  it('is read to what any other copy of it is read to, taken as it is when it is within every bound', () => {
    let takenAsIs = 0;
    fc.assert(
      fc.property(typedRecord, ({ record, timestampMs }) => {
        const vouchedRecord = vouchForRecord(record, timestampMs);
        const vouched = readIncomingRequest(vouchedRecord);
        expect(vouched).toEqual(readIncomingRequest(record));
        if (vouched.ok && vouched.record === vouchedRecord) takenAsIs++;
      }),
      { numRuns: RUNS },
    );
    // The comparison means something only if a good share of the records was taken as it is.
    expect(takenAsIs).toBeGreaterThan(RUNS / 50);
  });

  it('is taken as it is, not read again', () => {
    const record = vouchedRecord();
    expect(readIncomingRequest(record)).toEqual({ ok: true, record });
    expect((readIncomingRequest(record) as { record: unknown }).record).toBe(record);
  });

  it('is read like any copy of it when a field has the wrong type, though its text would pass the bounds', () => {
    const wrongTypes: Record<string, unknown>[] = [
      { method: undefined },
      { method: 123 },
      { url: undefined },
      { status: '200' },
      { durationMs: '3' },
      { durationMs: null },
      { timestamp: undefined },
      { timestamp: 1_700_000_000_000 },
    ];
    for (const wrong of wrongTypes) {
      const record = { ...vouchedRecord(), ...wrong } as IncomingRequest;
      const read = readIncomingRequest(vouchForRecord(record, Date.parse('2026-11-01T10:00:00.000Z')));
      expect(read, JSON.stringify(wrong)).toEqual(readIncomingRequest(structuredClone(record)));
      expect(read.ok, JSON.stringify(wrong)).toBe(false);
    }
  });

  it('carries the vouching to no copy of it', () => {
    const record = vouchedRecord();
    const copy = { ...record };
    expect((readIncomingRequest(copy) as { record: unknown }).record).not.toBe(copy);
  });

  it('carries the vouching to no structured clone of it, nor to an object made on its prototype', () => {
    const record = vouchedRecord();
    const clone = structuredClone(record);
    const onPrototype = Object.assign(
      Object.create(Object.getPrototypeOf(record) as object) as IncomingRequest,
      record,
    );
    for (const copy of [clone, onPrototype]) {
      expect(vouchedFacts(copy)).toBeUndefined();
      expect((readIncomingRequest(copy) as { record: unknown }).record).not.toBe(copy);
    }
  });
});
