import { randomBytes } from 'node:crypto';
import { knownNamesSuffix } from '../known-names.ts';
import { sanitizeText } from '../sanitizer/sanitize.ts';
import { sanitizeHeaders } from './header-sanitizer.ts';
import { normalizeRoute } from './normalize-route.ts';
import { readIncomingRequest, vouchedFacts } from './read-incoming-request.ts';
import type { RequestRecord } from './request-record.ts';
import type { compileExclusionRules } from './rules/exclusion-rules.ts';
import { BODY_WITHHELD, type compileRedactionRules } from './rules/redaction-rules.ts';

export interface IngestLimits {
  maxRecords: number;
  /** Bodies longer than this many bytes are cut and flagged `truncated`. */
  maxBodyBytes: number;
}

export interface IngestTarget {
  accountId: string;
  environmentId: string;
  /** null: every bucket of the account. */
  allowedBucketIds: string[] | null;
}

export interface IngestOutcome {
  received: number;
  accepted: number;
  duplicates: number;
  excluded: { index: number; ruleId: string }[];
  rejected: { index: number; reason: string }[];
}

/** What a batch is checked against: the account's buckets and its enabled rules, compiled. */
export interface BatchRules {
  buckets: readonly { id: string; name: string }[];
  /** The environment's setting: capture into a bucket name not seen before creates the bucket. */
  createsBuckets: boolean;
  excludedBy: ReturnType<typeof compileExclusionRules>;
  redact: ReturnType<typeof compileRedactionRules>;
}

/** Rule hits of a batch, per bucket id, then per rule id: counted per bucket so each caller sees only its own. */
export type BucketRuleHits = Map<string, Map<string, number>>;

/** A batch ready to store: the records, what happened to the others, and rule hits to add. */
export interface PreparedBatch {
  records: RequestRecord[];
  outcome: IngestOutcome;
  exclusionHits: BucketRuleHits;
  redactionHits: BucketRuleHits;
  /** Bucket references the account does not have at all (not those outside a token's buckets). */
  unknownBuckets: Set<string>;
}

/**
 * The time user-written rules may take: per record, and per batch (a batch is prepared in one synchronous
 * pass, so its total is how long the event loop waits). A body whose rules run out of time is withheld, not
 * stored unmasked. The batch budget counts the time spent redacting only, not validating or sanitizing, so a
 * large batch on a busy machine does not lose the bodies of its last records to work that is not the rules'.
 */
// 100 ms is twenty times what the demo rules take on a 64 KB body here: wall-clock budgets must leave room for a busy machine.
const RECORD_PATTERN_BUDGET_MS = 100;
const BATCH_PATTERN_BUDGET_MS = 1000;

/** A text cut to `maxBytes` of UTF-8 on a character boundary (a cut multi-byte sequence would decode to U+FFFD). */
function cutToBytes(text: string, maxBytes: number): string {
  if (text.length <= maxBytes / 3 || Buffer.byteLength(text, 'utf8') <= maxBytes) return text;
  return Buffer.from(text, 'utf8')
    .subarray(0, maxBytes)
    .toString('utf8')
    .replace(/\uFFFD$/, '');
}

/**
 * The stored form of a body the rules have masked (and cut): sanitized, then cut again in case a
 * placeholder made it longer. `size` is what the client sent.
 */
function storedBody(
  original: string | null | undefined,
  masked: string | null,
  maxBytes: number,
  withheld: boolean,
): { body: string | null; truncated: boolean; size: number } {
  if (original === null || original === undefined || masked === null) return { body: null, truncated: false, size: 0 };
  const size = Buffer.byteLength(original, 'utf8');
  const body = cutToBytes(sanitizeText(masked).value, maxBytes);
  return { body, truncated: withheld || size > maxBytes || body.length < masked.length, size };
}

/** The route a record declares (OpenTelemetry's `http.route`), cleaned like any path; else the normalizer's guess. */
function routeOf(declared: string | undefined, pathname: string): string {
  return declared === undefined ? normalizeRoute(pathname) : sanitizeText(declared).value;
}

/** The per-rule hit counter of one bucket, created on first use. */
function hitsIn(hits: BucketRuleHits, bucketId: string): Map<string, number> {
  let inBucket = hits.get(bucketId);
  if (inBucket === undefined) hits.set(bucketId, (inBucket = new Map()));
  return inBucket;
}

/** Public ids for a batch from one read of the random source (one per record costs more than the rest of the id). */
function publicIds(count: number): () => string {
  const random = randomBytes(16 * count);
  let next = 0;
  return () => `req_${random.subarray(16 * next, 16 * ++next).toString('base64url')}`;
}

/**
 * Everything the capture pipeline does before storing, in this process: validate each record on its own,
 * drop what exclusion rules match, mask what redaction rules name, run the always-on sanitizer.
 */
export function prepareBatch(
  target: IngestTarget,
  rules: BatchRules,
  raw: readonly unknown[],
  limits: IngestLimits,
): PreparedBatch {
  const { buckets, excludedBy, redact } = rules;
  const exclusionHits: BucketRuleHits = new Map();
  const redactionHits: BucketRuleHits = new Map();
  const unknownBuckets = new Set<string>();
  const outcome: IngestOutcome = { received: raw.length, accepted: 0, duplicates: 0, excluded: [], rejected: [] };
  const records: RequestRecord[] = [];
  const nextPublicId = publicIds(raw.length);
  let redactingMs = 0;

  raw.forEach((input, index) => {
    const read = readIncomingRequest(input);
    if (!read.ok) {
      outcome.rejected.push({ index, reason: read.reason });
      return;
    }
    const r = read.record;
    const bucket = buckets.find((b) => b.id === r.bucket || b.name === r.bucket);
    if (!bucket || (target.allowedBucketIds !== null && !target.allowedBucketIds.includes(bucket.id))) {
      if (!bucket) unknownBuckets.add(r.bucket);
      const visible = buckets
        .filter((b) => target.allowedBucketIds === null || target.allowedBucketIds.includes(b.id))
        .map((b) => b.name)
        .sort();
      outcome.rejected.push({
        index,
        reason: `bucket: "${r.bucket}" not found${knownNamesSuffix('buckets', visible)}`,
      });
      return;
    }
    // A typed reader's record brings its url's parts and its instant: parsing both again from text cost about
    // 0.5 µs a record, a quarter of a millisecond a batch of 512 (measured for run 42).
    const known = vouchedFacts(r);
    const url = known?.urlParts ?? new URL(r.url);
    const method = r.method.toUpperCase();
    const userAgent = r.userAgent ?? r.requestHeaders?.['user-agent'] ?? r.requestHeaders?.['User-Agent'] ?? null;
    const ruleId = excludedBy({
      bucketId: bucket.id,
      method,
      host: url.host,
      path: url.pathname,
      userAgent,
      status: r.status,
    });
    if (ruleId) {
      outcome.excluded.push({ index, ruleId });
      const inBucket = hitsIn(exclusionHits, bucket.id);
      inBucket.set(ruleId, (inBucket.get(ruleId) ?? 0) + 1);
      return;
    }
    const maskable = {
      bucketId: bucket.id,
      url: r.url,
      query: url.search ? url.search.slice(1) : null,
      requestHeaders: { ...(r.requestHeaders ?? {}) },
      responseHeaders: { ...(r.responseHeaders ?? {}) },
      requestBody: r.requestBody ?? null,
      responseBody: r.responseBody ?? null,
      maskedHeaders: new Set<string>(),
    };
    // Bodies are cut to the stored size before any pattern (rule or sanitizer) sees them.
    const redactStart = performance.now();
    const deadline = redactStart + Math.min(RECORD_PATTERN_BUDGET_MS, BATCH_PATTERN_BUDGET_MS - redactingMs);
    const { withheld } = redact(maskable, hitsIn(redactionHits, bucket.id), {
      cutBody: (text) => cutToBytes(text, limits.maxBodyBytes),
      deadline,
    });
    redactingMs += performance.now() - redactStart;
    const requestBody = storedBody(
      r.requestBody,
      maskable.requestBody,
      limits.maxBodyBytes,
      withheld && maskable.requestBody === BODY_WITHHELD,
    );
    const responseBody = storedBody(
      r.responseBody,
      maskable.responseBody,
      limits.maxBodyBytes,
      withheld && maskable.responseBody === BODY_WITHHELD,
    );
    const finalUrl = sanitizeText(maskable.url).value;
    // The route is built from the sanitized path: a JWT or an e-mail in a path must not come back as a route.
    const path = sanitizeText(url.pathname).value;
    records.push({
      publicId: nextPublicId(),
      externalId: r.id ?? null,
      accountId: target.accountId,
      environmentId: target.environmentId,
      bucketId: bucket.id,
      timestamp: new Date(known ? known.timestampMs : r.timestamp),
      method,
      url: finalUrl,
      host: url.host,
      path,
      route: routeOf(r.route, path),
      query: maskable.query === null ? null : sanitizeText(maskable.query).value,
      status: r.status,
      durationMs: r.durationMs,
      requestHeaders: sanitizeHeaders(maskable.requestHeaders, maskable.maskedHeaders),
      requestBody: requestBody.body,
      requestBodyTruncated: requestBody.truncated,
      requestSize: requestBody.size,
      responseHeaders: sanitizeHeaders(maskable.responseHeaders, maskable.maskedHeaders),
      responseBody: responseBody.body,
      responseBodyTruncated: responseBody.truncated,
      responseSize: responseBody.size,
      clientIp: r.clientIp ?? null,
      userAgent: userAgent === null ? null : sanitizeText(userAgent).value,
      blocked: r.blocked ?? false,
      blockedReason:
        r.blockedReason === undefined || r.blockedReason === null ? null : sanitizeText(r.blockedReason).value,
    });
  });

  return { records, outcome, exclusionHits, redactionHits, unknownBuckets };
}
