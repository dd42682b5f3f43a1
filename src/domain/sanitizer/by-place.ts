import { isKnownBenignShape, looksLikeCredential } from './credential-shape.ts';
import { isIdentifierName } from './detectors.ts';
import { PLACEHOLDER } from './placeholders.ts';
import { sanitizeNamedValue, sanitizeText, type JsonValue, type Sanitized } from './sanitize.ts';

/**
 * Secrets found by where they are, not only by their format: the value after a flag (`--key v`, `--key=v`),
 * a header given to a command (`--header "Name: v"`, `-H Name:v`), a variable given to a container
 * (`docker -e NAME=v`, `--env NAME=v`), a URL's path segments, query values and user name, and any lone token of
 * a command line or config value that looks like a credential (see credential-shape.ts). Names decide first
 * (sanitizeNamedValue); a value without a name is judged by its shape. Each pass splits the text once and judges
 * pieces of bounded length, so the work is linear in the text.
 */

const FLAG = /^(-{1,2})([A-Za-z][A-Za-z0-9_.-]{0,63})$/;
const FLAG_WITH_VALUE = /^(-{1,2})([A-Za-z][A-Za-z0-9_.-]{0,63})=([\s\S]*)$/;
const ENV_FLAGS = new Set(['-e', '--env']);
const HEADER_FLAGS = new Set(['-H', '--header', '--headers']);
const NAME_EQUALS_VALUE = /^([A-Za-z_][A-Za-z0-9_.-]{0,127})=([\s\S]*)$/;
const NAME_COLON_VALUE = /^([A-Za-z][A-Za-z0-9_-]{0,127})(:[ \t]*)([\s\S]+)$/;

/** An argument list: each item judged with the flag before it as its name. */
export function sanitizeArgs(
  args: JsonValue[],
  sanitizeItem: (item: JsonValue) => Sanitized<JsonValue>,
): Sanitized<JsonValue> {
  let redactions = 0;
  const value = args.map((item, index) => {
    const previous = index > 0 ? args[index - 1] : undefined;
    const result =
      typeof item === 'string'
        ? sanitizeArg(item, typeof previous === 'string' ? previous : undefined)
        : sanitizeItem(item);
    redactions += result.redactions;
    return result.value;
  });
  return { value, redactions };
}

function sanitizeArg(arg: string, previous: string | undefined): Sanitized<string> {
  if (previous !== undefined && !arg.startsWith('-')) {
    if (ENV_FLAGS.has(previous)) return sanitizeAssignment(arg);
    if (HEADER_FLAGS.has(previous)) return sanitizeHeaderLine(arg);
    const flag = FLAG.exec(previous);
    if (flag) return sanitizeNamedValue(flag[2]!, arg);
  }
  const withValue = FLAG_WITH_VALUE.exec(arg);
  if (withValue && !looksLikeCredential(withValue[2]!)) {
    const judged = sanitizeNamedValue(withValue[2]!, withValue[3]!);
    return judged.redactions === 0
      ? { value: arg, redactions: 0 }
      : { value: `${withValue[1]}${withValue[2]}=${judged.value}`, redactions: judged.redactions };
  }
  return sanitizeValue(arg);
}

/** `NAME=value` (docker -e, env files): judged by the name, then by the value's shape. */
function sanitizeAssignment(text: string): Sanitized<string> {
  const assignment = NAME_EQUALS_VALUE.exec(text);
  if (!assignment) return sanitizeValue(text);
  const judged = sanitizeNamedValue(assignment[1]!, assignment[2]!);
  return judged.redactions === 0
    ? { value: text, redactions: 0 }
    : { value: `${assignment[1]}=${judged.value}`, redactions: judged.redactions };
}

/** `Name: value` after --header or -H, whatever the name: a credential-like value is hidden, its scheme kept. */
function sanitizeHeaderLine(text: string): Sanitized<string> {
  const header = NAME_COLON_VALUE.exec(text);
  if (!header) return sanitizeValue(text);
  const judged = sanitizeNamedValue(header[1]!, header[3]!);
  return judged.redactions === 0
    ? { value: text, redactions: 0 }
    : { value: `${header[1]}${header[2]}${judged.value}`, redactions: judged.redactions };
}

// A run without spaces, quotes or list punctuation: the unit a command line or a config value is made of.
const TOKEN = /[^\s"'`,;()<>]+/g;
const URL_IN_TEXT = /\b[A-Za-z][A-Za-z0-9+.-]{1,30}:\/\/[^\s"'`<>]+/g;

/**
 * A value without a name (a positional arg, a server name, a URL, a command): the format detectors and PII
 * rules, then URLs piece by piece, then every token by its shape; `Scheme credential` keeps its scheme.
 */
export function sanitizeValue(text: string): Sanitized<string> {
  // Values nest (JSON in a string, a query value holding a URL); past a few levels only the shape is judged.
  if (depth >= MAX_DEPTH)
    return looksLikeCredential(text) ? { value: PLACEHOLDER.token, redactions: 1 } : { value: text, redactions: 0 };
  depth++;
  try {
    return sanitizeValueOnce(text);
  } finally {
    depth--;
  }
}

let depth = 0;
const MAX_DEPTH = 8;

function sanitizeValueOnce(text: string): Sanitized<string> {
  const first = sanitizeText(text);
  let count = first.redactions;
  const tally = { n: 0 };
  const withUrls = first.value.replace(URL_IN_TEXT, (url) => sanitizeUrl(url, tally));
  const value = withUrls.replace(TOKEN, (token) => sanitizeToken(token, tally));
  count += tally.n;
  return { value, redactions: count };
}

// A pin after a reference (`repo#<sha>`, `image@sha256:<digest>`) names a version, not a credential.
const PINNED = /^(.*?)(#[0-9a-f]{7,64}|@sha256:[0-9a-f]{64})$/i;
const NAME_LIKE = /^-{0,2}[A-Za-z_][A-Za-z_.-]{0,127}$/;

function sanitizeToken(token: string, tally: { n: number }): string {
  if (token.includes('[REDACTED_')) return sanitizeAroundPlaceholders(token, tally);
  if (token.includes('://') || isKnownBenignShape(token)) return token;
  const pinned = PINNED.exec(token);
  if (pinned) return `${sanitizeToken(pinned[1]!, tally)}${pinned[2]}`;
  const eq = token.indexOf('=');
  if (eq > 0 && eq < token.length - 1) {
    const name = token.slice(0, eq);
    const value = token.slice(eq + 1);
    // A random value, or a random text holding '=' (base64 padding, a token's own separator), is hidden whole.
    if (looksLikeCredential(value)) {
      tally.n++;
      return `${name}=${PLACEHOLDER.token}`;
    }
    if (!NAME_LIKE.test(name) && looksLikeCredential(token)) {
      tally.n++;
      return PLACEHOLDER.token;
    }
    // 'a=b=c…' is a chain, not an assignment: judged above as a whole, never split again one '=' at a time.
    if (/=[^=]/.test(value)) return token;
    const judged = sanitizeNamedValue(name.replace(/^-+/, ''), value);
    if (judged.redactions === 0) return token;
    tally.n += judged.redactions;
    return `${name}=${judged.value}`;
  }
  if (looksLikeCredential(token) && !startsLikePath(token)) {
    tally.n++;
    return PLACEHOLDER.token;
  }
  return sanitizeSegments(token, /([\\/:@=])/, tally);
}

/** Text around a placeholder another rule wrote (`abc=[REDACTED_TOKEN]`): what is left is judged on its own. */
function sanitizeAroundPlaceholders(token: string, tally: { n: number }): string {
  return token
    .split(/(\[REDACTED_[A-Z_]+\])/)
    .map((piece, index) => {
      if (index % 2 === 1) return piece;
      const core = piece.replace(/^[=:@/]+|[=:@/]+$/g, '');
      if (!looksLikeCredential(core)) return piece;
      tally.n++;
      return piece.replace(core, PLACEHOLDER.token);
    })
    .join('');
}

/** `/srv/x`, `~/x`, `./x`, `C:\x`, `\\host\share`: judged segment by segment, never as one token. */
function startsLikePath(token: string): boolean {
  return /^(?:[/\\~]|\.{1,2}[/\\]|[A-Za-z]:[\\/])/.test(token);
}

/** Each piece between separators judged alone: a secret as a path segment or after `user@`; URL pieces decoded first. */
function sanitizeSegments(text: string, separator: RegExp, tally: { n: number }, decode = false): string {
  const parts = text.split(separator);
  if (parts.length === 1) return text;
  let changed = false;
  const out = parts.map((part, index) => {
    if (index % 2 === 1 || !looksLikeCredential(decode ? decodedUrlPart(part) : part)) return part;
    changed = true;
    tally.n++;
    return PLACEHOLDER.token;
  });
  return changed ? out.join('') : text;
}

function decodedUrlPart(part: string): string {
  try {
    return decodeURIComponent(part);
  } catch {
    return part;
  }
}

const URL_PARTS = /^([A-Za-z][A-Za-z0-9+.-]{1,30}:\/\/)([^/?#]*)([^?#]*)(\?[^#]*)?(#.*)?$/;
// Hosts whose paths carry document and commit ids by design (a Drive file, a Notion page, a commit).
const ID_PATH_HOSTS =
  /(?:^|\.)(?:docs\.google\.com|drive\.google\.com|notion\.so|notion\.site|github\.com|gitlab\.com|bitbucket\.org|huggingface\.co)$/i;

/**
 * A URL's user name (`https://TOKEN@host`), its path segments (`/api/mcp/s/SECRET/mcp`) and its query and
 * fragment values (`?customerId=SECRET`): a query value is judged by its shape even under an id-like name,
 * because whoever holds such a URL holds the access it grants.
 */
function sanitizeUrl(url: string, tally: { n: number }): string {
  const parts = URL_PARTS.exec(url);
  if (!parts) return url;
  const [, scheme, authority, path, query, fragment] = parts as unknown as [
    string,
    string,
    string,
    string,
    string | undefined,
    string | undefined,
  ];
  let outAuthority = authority;
  const at = authority.lastIndexOf('@');
  if (at > 0) {
    const user = authority.slice(0, at);
    if (!user.includes('[REDACTED_') && looksLikeCredential(user.split(':')[0]!)) {
      tally.n++;
      outAuthority = `${PLACEHOLDER.token}${authority.slice(at)}`;
    }
  }
  const host = outAuthority.slice(outAuthority.lastIndexOf('@') + 1).replace(/:\d+$/, '');
  const outPath = ID_PATH_HOSTS.test(host) ? path : sanitizeSegments(path, /(\/)/, tally, true);
  return `${scheme}${outAuthority}${outPath}${sanitizeParameters(query, tally)}${sanitizeParameters(fragment, tally)}`;
}

function sanitizeParameters(part: string | undefined, tally: { n: number }): string {
  if (part === undefined || part.length < 2) return part ?? '';
  const body = part
    .slice(1)
    .split('&')
    .map((pair) => {
      const eq = pair.indexOf('=');
      if (eq < 0) return pair;
      const name = pair.slice(0, eq);
      const raw = pair.slice(eq + 1);
      if (raw === '' || raw.includes('[REDACTED_')) return pair;
      let decoded = raw;
      try {
        decoded = decodeURIComponent(raw.replace(/\+/g, ' '));
      } catch {
        // Not valid percent-encoding: judge the raw text.
      }
      const judged = sanitizeNamedValue(name, decoded);
      if (judged.redactions > 0) {
        tally.n += judged.redactions;
        return `${name}=${judged.value}`;
      }
      if (!isIdentifierName(name) || !looksLikeCredential(decoded)) return pair;
      tally.n++;
      return `${name}=${PLACEHOLDER.token}`;
    })
    .join('&');
  return `${part[0]}${body}`;
}
