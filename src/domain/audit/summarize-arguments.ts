import { storableText } from '../ingest/storable-text.ts';
import { sanitizeJson, type JsonValue } from '../sanitizer/sanitize.ts';

const MAX_STRING = 200;
const MAX_ITEMS = 10;
const MAX_KEYS = 30;
const MAX_DEPTH = 4;
// Names whose values are credentials by definition: never kept, whatever they look like.
const CREDENTIAL_KEY = /^(token|secret|password|authorization|apiKey|api_key|sessionId|session_id)$/i;

function shrink(value: unknown, depth: number): JsonValue {
  if (value === null || value === undefined) return null;
  if (typeof value === 'string')
    return storableText(value.length > MAX_STRING ? `${value.slice(0, MAX_STRING)}… (${value.length} chars)` : value);
  if (typeof value === 'number' || typeof value === 'boolean') return value;
  if (value instanceof Date) return value.toISOString();
  if (Array.isArray(value)) {
    if (value.length > MAX_ITEMS) return `[${value.length} items]`;
    return depth >= MAX_DEPTH ? `[${value.length} items]` : value.map((item) => shrink(item, depth + 1));
  }
  if (typeof value === 'object') {
    if (depth >= MAX_DEPTH) return '{…}';
    const entries = Object.entries(value as Record<string, unknown>).slice(0, MAX_KEYS);
    return Object.fromEntries(
      entries.map(([key, item]) => [
        storableText(key),
        CREDENTIAL_KEY.test(key) ? '[REDACTED]' : shrink(item, depth + 1),
      ]),
    );
  }
  return String(value);
}

/**
 * What an audit entry keeps of a call's arguments: a small, bounded shape (long strings cut, big lists
 * counted, not copied) passed through the same sanitizer as everything else that leaves a request. Its text
 * is storable (no U+0000, no unpaired surrogate), so one odd argument cannot fail the audit batch it joins.
 */
export function summarizeArguments(args: unknown): JsonValue {
  return sanitizeJson(shrink(args, 0)).value;
}
