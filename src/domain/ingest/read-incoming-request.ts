import { camelizeKeys, incomingRequestSchema, type IncomingRequest } from './incoming-request.ts';
import { EARLIEST_STORABLE_TIME, isStorableTimeText, LATEST_STORABLE_TIME } from '../time/storable-time.ts';
import { storableText } from './storable-text.ts';

export type ReadRecord = { ok: true; record: IncomingRequest } | { ok: false; reason: string };

type Field = keyof IncomingRequest;

// Both spellings the schema accepts after camelizeKeys, for every field.
const FIELD_OF_KEY = new Map<string, Field>();
for (const field of Object.keys(incomingRequestSchema.shape) as Field[]) {
  FIELD_OF_KEY.set(field, field);
  FIELD_OF_KEY.set(
    field.replace(/[A-Z]/g, (c) => `_${c.toLowerCase()}`),
    field,
  );
}

const METHOD = /^[A-Za-z]{1,16}$/;
const isPlainObject = (value: unknown): value is Record<string, unknown> =>
  typeof value === 'object' &&
  value !== null &&
  (Object.getPrototypeOf(value) === Object.prototype || Object.getPrototypeOf(value) === null);
const boundedString = (value: unknown, min: number, max: number): value is string =>
  typeof value === 'string' && value.length >= min && value.length <= max;
const optionalText = (value: unknown, max: number) =>
  value === undefined || value === null || boundedString(value, 0, max);

const text = (value: string | null | undefined) => (typeof value === 'string' ? storableText(value) : value);

function plainHeaders(value: unknown): Record<string, string> | null {
  if (!isPlainObject(value)) return null;
  const headers: Record<string, string> = {};
  for (const name of Object.keys(value)) {
    const header = value[name];
    if (typeof header !== 'string') return null;
    headers[storableText(name)] = storableText(header);
  }
  return headers;
}

/**
 * The records capture agents send, read without the schema: plain keys, string header values, every field
 * within bounds. Anything else returns null and goes to the schema, which accepts or explains; a test holds
 * this to the schema's answer for every record it reads.
 */
export function readPlainRecord(raw: unknown): IncomingRequest | null {
  if (!isPlainObject(raw)) return null;
  const fields: Partial<Record<Field, unknown>> = {};
  for (const key of Object.keys(raw)) {
    const field = FIELD_OF_KEY.get(key);
    if (field === undefined || field in fields) return null;
    fields[field] = raw[key];
  }
  const {
    id,
    bucket,
    method,
    url,
    route,
    status,
    durationMs,
    timestamp,
    requestHeaders,
    requestBody,
    responseHeaders,
    responseBody,
    clientIp,
    userAgent,
    blocked,
    blockedReason,
  } = fields;
  if (id !== undefined && !boundedString(id, 1, 200)) return null;
  if (!boundedString(bucket, 1, 200) || typeof method !== 'string' || !METHOD.test(method)) return null;
  if (!boundedString(url, 1, 8192) || !URL.canParse(url)) return null;
  if (route !== undefined && !boundedString(route, 1, 2000)) return null;
  if (typeof status !== 'number' || !Number.isInteger(status) || status < 100 || status > 599) return null;
  if (typeof durationMs !== 'number' || !(durationMs >= 0 && durationMs <= 86_400_000)) return null;
  if (typeof timestamp !== 'string' || !isStorableTimeText(timestamp)) return null;
  if (!optionalText(requestBody, Number.POSITIVE_INFINITY) || !optionalText(responseBody, Number.POSITIVE_INFINITY))
    return null;
  if (!optionalText(clientIp, 64) || !optionalText(userAgent, 2000) || !optionalText(blockedReason, 500)) return null;
  if (blocked !== undefined && typeof blocked !== 'boolean') return null;
  const record: IncomingRequest = { bucket, method, url: storableText(url), status, durationMs, timestamp };
  if (id !== undefined) record.id = storableText(id);
  if (route !== undefined) record.route = storableText(route);
  if (requestHeaders !== undefined) {
    const headers = plainHeaders(requestHeaders);
    if (!headers) return null;
    record.requestHeaders = headers;
  }
  if (responseHeaders !== undefined) {
    const headers = plainHeaders(responseHeaders);
    if (!headers) return null;
    record.responseHeaders = headers;
  }
  if (requestBody !== undefined) record.requestBody = text(requestBody as string | null);
  if (responseBody !== undefined) record.responseBody = text(responseBody as string | null);
  if (clientIp !== undefined) record.clientIp = text(clientIp as string | null);
  if (userAgent !== undefined) record.userAgent = text(userAgent as string | null);
  if (blocked !== undefined) record.blocked = blocked;
  if (blockedReason !== undefined) record.blockedReason = text(blockedReason as string | null);
  return record;
}

/** `new URL(url)`'s parts the pipeline reads, as a typed reader that built the url from them knows them. */
export interface UrlParts {
  host: string;
  pathname: string;
  search: string;
}

/** What the reader of a vouched record already knows, so the pipeline need not parse it out of the text again. */
export interface VouchedFacts {
  /** The timestamp's instant: the record's `timestamp` is its ISO text. */
  timestampMs: number;
  /** `new URL(record.url)`'s host, pathname and search, when the reader knows them. */
  urlParts: UrlParts | undefined;
}

/**
 * A record this process built from typed values and found within readPlainRecord's bounds (see
 * vouchForRecord), holding what its reader knows of it. The mark is a private field: no JSON body can carry
 * it, and neither a spread nor structuredClone copies it, so a changed copy is read again like any record.
 * Building one costs about what the record's own literal costs; marking the literal with a non-enumerable
 * symbol property (Object.defineProperty) cost 0.14 ms a batch of 512 and a WeakMap 0.05 ms (plain Node 20,
 * BENCHMARKS.md run 49).
 */
class VouchedRecord implements IncomingRequest {
  declare id?: string;
  declare bucket: string;
  declare method: string;
  declare url: string;
  declare route?: string;
  declare status: number;
  declare durationMs: number;
  declare timestamp: string;
  declare requestHeaders?: Record<string, string>;
  declare responseHeaders?: Record<string, string>;
  declare clientIp?: string | null;
  declare userAgent?: string | null;
  readonly #facts: VouchedFacts;

  /** Copies the fields a vouched record may have; bodies and blocking it has not (vouchForRecord checks). */
  constructor(record: IncomingRequest, facts: VouchedFacts) {
    if (record.id !== undefined) this.id = record.id;
    this.bucket = record.bucket;
    this.method = record.method;
    this.url = record.url;
    if (record.route !== undefined) this.route = record.route;
    this.status = record.status;
    this.durationMs = record.durationMs;
    this.timestamp = record.timestamp;
    if (record.requestHeaders !== undefined) this.requestHeaders = record.requestHeaders;
    if (record.responseHeaders !== undefined) this.responseHeaders = record.responseHeaders;
    if (record.clientIp !== undefined) this.clientIp = record.clientIp;
    if (record.userAgent !== undefined) this.userAgent = record.userAgent;
    this.#facts = facts;
  }

  static factsOf(record: unknown): VouchedFacts | undefined {
    return typeof record === 'object' && record !== null && #facts in record
      ? (record as VouchedRecord).#facts
      : undefined;
  }
}

const storableAsIs = (text: string) => text.isWellFormed() && !text.includes('\0');
const storableWithin = (value: string | null | undefined, min: number, max: number) =>
  value === undefined ||
  (typeof value === 'string' && value.length >= min && value.length <= max && storableAsIs(value));
const storableHeadersAsIs = (headers: Record<string, string> | undefined) =>
  headers === undefined ||
  (isPlainObject(headers) &&
    Object.keys(headers).every(
      (name) => storableAsIs(name) && typeof headers[name] === 'string' && storableAsIs(headers[name]),
    ));

/**
 * The record to pass on for one this process built from typed values (an OTLP span, by its reader): a copy
 * that readIncomingRequest takes as it is when the record is what readPlainRecord would answer: every field of the
 * type it has and within its bounds, every text storable unchanged. The caller vouches for the checks that
 * cost most to repeat: its url parses (URL.canParse) and, when `urlParts` is given, those are
 * `new URL(url)`'s; its timestamp is the ISO text of `timestampMs`. The copy must not change after. Any
 * other record is answered as it is and read like any other, with the same outcome; reading a batch's span
 * records again cost about a millisecond a batch (BENCHMARKS.md, run 34).
 */
export function vouchForRecord(record: IncomingRequest, timestampMs: number, urlParts?: UrlParts): IncomingRequest {
  const r = record;
  const readable =
    storableWithin(r.id, 1, 200) &&
    boundedString(r.bucket, 1, 200) &&
    // typeof first: RegExp.test reads undefined as "undefined" and >= reads "5" as 5, so bounds alone pass wrong types.
    typeof r.method === 'string' &&
    METHOD.test(r.method) &&
    typeof r.url === 'string' &&
    storableWithin(r.url, 1, 8192) &&
    storableWithin(r.route, 1, 2000) &&
    typeof r.status === 'number' &&
    Number.isInteger(r.status) &&
    r.status >= 100 &&
    r.status <= 599 &&
    typeof r.durationMs === 'number' &&
    r.durationMs >= 0 &&
    r.durationMs <= 86_400_000 &&
    typeof r.timestamp === 'string' &&
    typeof timestampMs === 'number' &&
    Number.isInteger(timestampMs) &&
    timestampMs >= EARLIEST_STORABLE_TIME.getTime() &&
    timestampMs <= LATEST_STORABLE_TIME.getTime() &&
    storableWithin(r.clientIp, 0, 64) &&
    storableWithin(r.userAgent, 0, 2000) &&
    storableHeadersAsIs(r.requestHeaders) &&
    storableHeadersAsIs(r.responseHeaders) &&
    r.requestBody === undefined &&
    r.responseBody === undefined &&
    r.blocked === undefined &&
    r.blockedReason === undefined;
  return readable ? new VouchedRecord(record, { timestampMs, urlParts }) : record;
}

/** What the reader of a record taken as it is (readIncomingRequest's answer) vouched for; undefined for any other. */
export function vouchedFacts(record: IncomingRequest): VouchedFacts | undefined {
  return VouchedRecord.factsOf(record);
}

/** One record checked on its own: as it is when vouched for, the plain reading when it applies, the schema otherwise. */
export function readIncomingRequest(raw: unknown): ReadRecord {
  if (VouchedRecord.factsOf(raw) !== undefined) return { ok: true, record: raw as IncomingRequest };
  const plain = readPlainRecord(raw);
  if (plain) return { ok: true, record: plain };
  const parsed = incomingRequestSchema.safeParse(camelizeKeys(raw));
  if (parsed.success) return { ok: true, record: parsed.data };
  const issue = parsed.error.issues[0]!;
  return { ok: false, reason: `${issue.path.join('.') || 'record'}: ${issue.message}` };
}
