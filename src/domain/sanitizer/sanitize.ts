import { DETECTOR_GATE } from './detector-gate.ts';
import { DETECTORS, placeholderForName } from './detectors.ts';
export { sanitizeValue } from './by-place.ts';
import { redactPii } from './pii.ts';
import { redactCardNumbers, redactJsonSecretFields } from './structured-secrets.ts';
import { ALREADY_REDACTED, MASKED_BY_RULE } from './placeholders.ts';
import { sanitizeArgs, sanitizeValue } from './by-place.ts';
import { isPlaceholderValue, looksLikeCredential } from './credential-shape.ts';
import { isIdentifierName } from './detectors.ts';

export interface Sanitized<T> {
  value: T;
  /** How many secrets or PII items were replaced; 0 means the value came back unchanged. */
  redactions: number;
}

export type JsonValue = string | number | boolean | null | JsonValue[] | { [key: string]: JsonValue };

/** `${input:x}`, `${env:X}`, `${X}`, `$X`, `{{X}}`: a value naming where a secret comes from is not a secret. */
export function isSecretReference(value: string): boolean {
  return /^\s*(\$\{(?:input|env|secret|config):[^}]+\}|\$\{[A-Za-z_][A-Za-z0-9_]*\}|\$[A-Za-z_][A-Za-z0-9_]*|\{\{\s*[A-Za-z_.][A-Za-z0-9_.]*\s*\}\})\s*$/.test(
    value,
  );
}

/** How many replacements one sanitizeText call made; passed down instead of a closure per call. */
interface Tally {
  n: number;
}

/** Runs every detector and the PII rules over free text (args, paths, bodies, header values). */
export function sanitizeText(text: string): Sanitized<string> {
  const tally: Tally = { n: 0 };
  let value = text;
  if (DETECTOR_GATE.test(text)) {
    for (const detector of DETECTORS) {
      detector.pattern.lastIndex = 0;
      if (!detector.pattern.test(value)) continue;
      detector.pattern.lastIndex = 0;
      value = value.replace(detector.pattern, (...args: unknown[]) => {
        const match = args[0] as string;
        if (ALREADY_REDACTED.test(match)) return match;
        tally.n++;
        const replace = detector.replace;
        return typeof replace === 'string' ? replace : replace(match, ...(args.slice(1, -2) as string[]));
      });
    }
  }
  value = redactQueryParameters(value, tally);
  value = redactJsonSecretFields(value, tally);
  value = redactCardNumbers(value, tally);
  value = redactPii(value, tally);
  return { value, redactions: tally.n };
}

// A value stops at the next '?' too: a value holding '?a=' would be judged by sanitizeText, which would
// find the next parameter inside it, and so on, one stack frame per '?a=' (a RangeError on 64 KB of them).
const QUERY_PARAMETER = /([?&])([A-Za-z0-9_.[\]-]{1,64})=([^&#?\s"']+)/g;

/**
 * Query strings hide secrets twice: under secret-looking names (`?api_key=...`) and percent-encoded
 * (`?dsn=postgresql%3A%2F%2Fu%3Apw%40h`), where no detector sees them. Each value is decoded and judged.
 */
function redactQueryParameters(text: string, tally: Tally): string {
  if (!text.includes('=')) return text;
  // A form-encoded body's first parameter has no '?' or '&' before it; anchored at the start, it is one match.
  const judged = FIRST_FORM_PARAMETER.test(text)
    ? text.replace(FIRST_FORM_PARAMETER, (match, name: string, raw: string) =>
        looksLikeCredential(name) ? match : judgeParameter(match, '', name, raw, tally),
      )
    : text;
  if (!/[?&]/.test(judged)) return judged;
  return judged.replace(QUERY_PARAMETER, (match, separator: string, name: string, raw: string) =>
    judgeParameter(match, separator, name, raw, tally),
  );
}

// The value holds no '=': 'a=b=c…' is not a form, and judging 'b=c…' as a value would start over one '=' later.
const FIRST_FORM_PARAMETER = /^([A-Za-z0-9_.[\]-]{1,64})=([^&#?=\s"']+)(?=&|$)/;

const SHORTEST_DETECTED_VALUE = 5;

function judgeParameter(match: string, separator: string, name: string, raw: string, tally: Tally): string {
  if (ALREADY_REDACTED.test(raw)) return match;
  let decoded = raw;
  try {
    decoded = decodeURIComponent(raw.replace(/\+/g, ' '));
  } catch {
    // Not valid percent-encoding: judge the raw text.
  }
  // Under a name that is no secret's, a value this short can hold no detected format (the shortest, an
  // e-mail address like a@b.io, takes six characters): judging it costs as much as a long one, 16,384 times on 64 KB
  // of '?a=!' (worst-case-input.test.ts).
  if (decoded.length < SHORTEST_DETECTED_VALUE && placeholderForName(name) === null) return match;
  const judged = sanitizeNamedValue(name, decoded);
  if (judged.redactions === 0) return match;
  tally.n++;
  return `${separator}${name}=${judged.value}`;
}

const BENIGN_UNDER_SECRET_NAME = /^(true|false|yes|no|on|off|none|null|\d{1,6})$/i;
// A file a secret is read from (`GOOGLE_APPLICATION_CREDENTIALS=/path/sa.json`) is a location, not the secret.
const FILE_PATH = /^(?:~|\.{1,2})?[/\\][^\s+=]*$|^[A-Za-z]:[\\/][^\s+=]*$/;

/** A location rather than base64 that starts with '/': no piece between separators looks random. */
function looksLikeFilePath(value: string): boolean {
  if (value.length > 1024 || !FILE_PATH.test(value)) return false;
  // Short random pieces mix both cases with two or more groups of digits ('k6nV6wW'); folder and file names do not.
  const randomPiece = (part: string) =>
    /[a-z]/.test(part) && /[A-Z]/.test(part) && (part.match(/[0-9]+/g)?.length ?? 0) >= 2;
  return value.split(/[\\/]/).every((part) => !looksLikeCredential(part) && !randomPiece(part));
}

/**
 * A value under a name: secret-looking names hide their values whatever they look like, unless the value
 * is a reference, a placeholder, a flag-like word, a file path or a plain URL (an `AUTH_URL` is an address, not
 * a credential). Identifier names (`GIT_SHA`, `FOLDER_ID`) are judged by known formats only; any other name by
 * the value's shape (sanitizeValue). JSON inside the value is judged field by field.
 */
export function sanitizeNamedValue(name: string, value: string): Sanitized<string> {
  const credential = value.replace(/^(Bearer|Basic|Token)\s+/i, '');
  if (
    value === '' ||
    isSecretReference(credential) ||
    isPlaceholderValue(credential) ||
    ALREADY_REDACTED.test(credential) ||
    MASKED_BY_RULE.test(credential)
  ) {
    return { value, redactions: 0 };
  }
  const inJson = sanitizeJsonInString(value);
  if (inJson) return inJson;
  const byName = placeholderForName(name);
  const isPlainUrl = /^https?:\/\/[^\s@]+$/i.test(value);
  if (byName && !BENIGN_UNDER_SECRET_NAME.test(value) && !isPlainUrl && !looksLikeFilePath(value)) {
    const detected = sanitizeText(value);
    // A recognised format inside keeps its own placeholder (a connection string stays one).
    if (detected.redactions > 0 && ALREADY_REDACTED.test(detected.value)) return detected;
    return { value: byName, redactions: 1 };
  }
  if (isIdentifierName(name) && !isPlainUrl) return sanitizeText(value);
  return sanitizeValue(value);
}

/** JSON kept as a string (an env value holding a config object): its fields judged, the text rewritten only if needed. */
function sanitizeJsonInString(value: string): Sanitized<string> | null {
  if (!/^\s*[{[]/.test(value) || value.length > 1_000_000) return null;
  let parsed: JsonValue;
  try {
    parsed = JSON.parse(value) as JsonValue;
  } catch {
    return null;
  }
  if (parsed === null || typeof parsed !== 'object') return null;
  const judged = sanitizeJson(parsed);
  return judged.redactions === 0
    ? { value, redactions: 0 }
    : { value: JSON.stringify(judged.value), redactions: judged.redactions };
}

/**
 * Sanitizes JSON as found in MCP configs and captured bodies: object values by their key names, strings
 * without a name by their shape, and argument lists by place (the value after a flag, a header, a container
 * variable; see by-place.ts).
 */
export function sanitizeJson(input: JsonValue, keyName?: string): Sanitized<JsonValue> {
  if (typeof input === 'string')
    return keyName === undefined ? sanitizeValue(input) : sanitizeNamedValue(keyName, input);
  if (Array.isArray(input)) return sanitizeArgs(input, (item) => sanitizeJson(item));
  if (input !== null && typeof input === 'object') {
    let redactions = 0;
    const value: { [key: string]: JsonValue } = {};
    for (const [key, item] of Object.entries(input)) {
      const result = sanitizeJson(item, key);
      redactions += result.redactions;
      value[key] = result.value;
    }
    return { value, redactions };
  }
  return { value: input, redactions: 0 };
}
