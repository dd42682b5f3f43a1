import { BoundedMap } from '../bounded-map.ts';
import { sanitizeNamedValue, sanitizeText } from '../sanitizer/sanitize.ts';

const MAX_REMEMBERED_LENGTH = 256;

/**
 * `name: value` pairs the sanitizer left unchanged. Most header values repeat from request to request
 * (content types, accept lists, user agents), so a pair seen clean once skips the detectors after that.
 * Only clean pairs are kept: a value the sanitizer changed may hold a secret, which must not linger here.
 */
const knownClean = new BoundedMap<string, true>(20_000);

/**
 * The always-on sanitizer over captured headers, judging each value by its header name (and each name as
 * free text). Headers a
 * redaction rule masked (`masked`, lower case) keep what the rule wrote.
 */
export function sanitizeHeaders(headers: Record<string, string>, masked: ReadonlySet<string>): Record<string, string> {
  const clean: Record<string, string> = {};
  for (const name of Object.keys(headers)) {
    const value = headers[name]!;
    if (masked.size > 0 && masked.has(name.toLowerCase())) {
      clean[name] = value;
      continue;
    }
    const key = value.length <= MAX_REMEMBERED_LENGTH ? `${name}\n${value}` : null;
    if (key !== null && knownClean.has(key)) {
      clean[name] = value;
      continue;
    }
    // Names come from the caller too: a secret sent as a header name is masked like one sent as a value.
    const cleanName = sanitizeText(name);
    const judged = sanitizeNamedValue(name, value);
    clean[cleanName.value] = judged.value;
    if (key !== null && judged.redactions === 0 && cleanName.redactions === 0) knownClean.set(key, true);
  }
  return clean;
}
