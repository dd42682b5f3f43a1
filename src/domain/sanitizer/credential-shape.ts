import { ALREADY_REDACTED, MASKED_BY_RULE } from './placeholders.ts';

/**
 * Whether a lone value (no name tells what it is) looks like a credential: the judgment behind secrets of no
 * known format found as positional args, after neutral flags, in URL paths and query values, under innocuous
 * env names. Tuned on the benign look-alikes of test/domain/sanitizer/secret-corpus.test.ts (commit SHAs, ids,
 * model names, base64 of plain text, integrity hashes, placeholders): their shapes are named here one by one,
 * and what is left is judged by how often the character class changes, which random text does far more often
 * than words, versions and names do. Every check is a linear scan of a value of bounded length.
 */

/** A value standing for a secret kept elsewhere: `<YOUR_TOKEN>`, `YOUR_API_KEY_HERE`, `%VAR%`, `op://…`, `xxxx`. */
export function isPlaceholderValue(value: string): boolean {
  if (value.length > 512) return false;
  return PLACEHOLDER_SHAPES.some((shape) => shape.test(value));
}

const PLACEHOLDER_SHAPES: RegExp[] = [
  /^<[^<>]{1,100}>$/,
  /^%[A-Za-z_][A-Za-z0-9_]{0,100}%$/,
  /^\$\{[^}]{1,200}\}$/,
  /^\$[A-Za-z_][A-Za-z0-9_]{0,100}$/,
  /^\{\{[^}]{1,200}\}\}$/,
  // Secret managers' references: 1Password, Vault, AWS/GCP/Azure secret stores, Doppler, keychains.
  /^(?:op|vault|awssm|gcpsm|azkv|doppler|keychain|bws|infisical):\/\/\S{1,400}$/i,
  /^arn:aws:secretsmanager:\S{1,400}$/,
  /^(?:your|insert|enter|replace|put|paste|add)(?:[-_ ][A-Za-z0-9]{1,20}){1,6}$/i,
  /^your[A-Za-z]{1,30}$/i,
  /^(?:changeme|change[-_]me|replace[-_]?me|todo|tbd|placeholder|redacted|none|null|undefined|dummy|example|sample|test|secret|password|token)$/i,
  // A prefix followed by filler: `sk-xxxx`, `ghp_XXXXXXXX`, `****`, `...`.
  /^(?:[A-Za-z0-9]{1,12}[-_.])?(?:[xX]{4,}|\*{3,}|\.{3,}|0{8,}|#{4,})$/,
];

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
const ULID = /^[0-7][0-9A-HJKMNP-TV-Z]{25}$/;
const CROCKFORD = '0123456789ABCDEFGHJKMNPQRSTVWXYZ';
const YEAR_2015_MS = 1_420_070_400_000;
const YEAR_2040_MS = 2_208_988_800_000;

/** A ULID whose time part falls in 2015–2040: random text of that alphabet almost never decodes to one. */
function isUlid(value: string): boolean {
  if (!ULID.test(value)) return false;
  let ms = 0;
  for (const ch of value.slice(0, 10)) ms = ms * 32 + CROCKFORD.indexOf(ch);
  return ms >= YEAR_2015_MS && ms <= YEAR_2040_MS;
}

export function isUuid(value: string): boolean {
  return UUID.test(value);
}

/** Base64 of ordinary text ("Hello, World!", a small JSON document): random bytes are almost never all printable. */
function isBase64OfPlainText(value: string): boolean {
  if (value.length < 12 || value.length > 4096 || !/^[A-Za-z0-9+/_-]+={0,2}$/.test(value)) return false;
  const bytes = Buffer.from(value.replace(/-/g, '+').replace(/_/g, '/'), 'base64');
  if (bytes.length < 8) return false;
  let printable = 0;
  let spaces = 0;
  for (const byte of bytes) {
    if ((byte >= 0x20 && byte < 0x7f) || byte === 0x0a || byte === 0x0d || byte === 0x09) printable++;
    if (byte === 0x20 || byte === 0x0a || byte === 0x7b) spaces++;
  }
  if (printable !== bytes.length) return false;
  const text = bytes.toString('latin1');
  // 'user:password' encoded is Basic credentials, not plain data.
  if (!/^[{[]/.test(text) && /^[^\s:]{1,64}:\S{4,}$/.test(text)) return false;
  return spaces > 0 || /^[A-Za-z][a-z]+(?:[ ,.!?'-][A-Za-z]+)*[.!?]?$/.test(text);
}

// Values the public can see by design: publishable keys, analytics project keys, OAuth client ids.
const PUBLIC_BY_DESIGN = /^(?:pk_(?:live|test)_|pk\.eyJ|phc_|NRJS-)|\.apps\.googleusercontent\.com$/;
// Subresource integrity and content digests (`sha512-…`, `sha256:…`).
const INTEGRITY = /^(?:sha(?:1|256|384|512)|md5)[-:][A-Za-z0-9+/=_-]{16,}$/i;
// An address or git remote: `user@host.tld` optionally followed by `:path` (PII rules handle the address).
const ADDRESS = /^[A-Za-z0-9._%+-]{1,64}@[A-Za-z0-9-]{1,63}(?:\.[A-Za-z0-9-]{1,63})+(?::[\w./~-]*)?$/;
// A product token as user agents and clients write them: `AppleWebKit/537.36`, `python-requests/2.31.0`.
const PRODUCT_TOKEN = /^[A-Za-z][A-Za-z0-9._-]{0,40}\/\d{1,6}(?:\.\d{1,6}){0,4}(?:[-+][A-Za-z0-9.]{1,20})?$/;
const PASSWORD_SYMBOL = /[!@#$%^&*()+=?~[\]{}|;:,<>]/;

// The 160 most frequent letter pairs of English text (and so of words, names and identifiers built from them).
const COMMON_BIGRAMS = new Set(
  (
    'th he in er an re on at en nd ti es or te of ed is it al ar st to nt ng se ha as ou io le ve co me de hi ri ro ic ne ea ra ce li ch ll ' +
    'be ma si om ur ca el ta la ns di fo ho pe ec pr no ct us ac ot il tr ly nc et ut ss so rs un lo wa ge ie wh ee wi em ad ol rt po we na ' +
    'ul ni ts mo ow pa im mi ai sh ir su id os iv ia am fi ci vi pl ig tu ev ld ry mp fe bl ab gh ty op wo sa ay ex ke fr oo av ag if ap gr ' +
    'od bo sp rd do uc bu ei ov by rm ep tt oc fa ef cu rn sc gi da yo cr cl du ga qu ue ff ba ey ls va um pp ua up lu go ht ru ug ds lt pi'
  ).split(' '),
);

/**
 * The share of letters that sit in word-like pieces (4+ letters whose pairs are mostly common in English), and
 * how many pieces are one or two letters (random mixed case breaks into many: `xK`, `Qw`).
 */
function wordLikeShare(value: string): { letters: number; share: number; shortPieces: number } {
  const pieces = value.match(/[A-Z]+(?![a-z])|[A-Z]?[a-z]+/g) ?? [];
  let letters = 0;
  let wordy = 0;
  let shortPieces = 0;
  for (const piece of pieces) {
    letters += piece.length;
    if (piece.length <= 2) shortPieces++;
    if (piece.length < 4) continue;
    const lower = piece.toLowerCase();
    let common = 0;
    for (let i = 0; i + 1 < lower.length; i++) if (COMMON_BIGRAMS.has(lower.slice(i, i + 2))) common++;
    if (common / (lower.length - 1) >= 0.7) wordy += piece.length;
  }
  return { letters, share: letters === 0 ? 0 : wordy / letters, shortPieces };
}

/** Changes between letters and digits inside runs of letters and digits (a separator starts a new run). */
function letterDigitChanges(value: string): number {
  let changes = 0;
  let previous = 0;
  for (let i = 0; i < value.length; i++) {
    const code = value.charCodeAt(i);
    const current = code >= 48 && code <= 57 ? 1 : (code >= 65 && code <= 90) || (code >= 97 && code <= 122) ? 2 : 0;
    if (current !== 0 && previous !== 0 && current !== previous) changes++;
    previous = current;
  }
  return changes;
}

/**
 * Shapes that look random and are not secrets: an address or git remote, a product token, a ULID, a public key,
 * an integrity hash, base64 of text.
 */
export function isKnownBenignShape(value: string): boolean {
  return (
    ADDRESS.test(value) ||
    PRODUCT_TOKEN.test(value) ||
    isUlid(value) ||
    PUBLIC_BY_DESIGN.test(value) ||
    INTEGRITY.test(value) ||
    isBase64OfPlainText(value)
  );
}

/** A lone value that is probably a credential; see the module comment for what is spared and why. */
export function looksLikeCredential(value: string): boolean {
  if (value.length < 10 || value.length > 4096) return false;
  if (!/^[\x21-\x7e]+$/.test(value)) return false;
  if (ALREADY_REDACTED.test(value) || MASKED_BY_RULE.test(value) || value.includes('[REDACTED_')) return false;
  if (isPlaceholderValue(value)) return false;
  if (/^[A-Za-z][A-Za-z0-9+.-]{0,30}:\/\//.test(value)) return false;
  if (!/[A-Za-z]/.test(value)) return false;
  if (isKnownBenignShape(value)) return false;
  if (isUuid(value)) return true;
  const hasLower = /[a-z]/.test(value);
  const hasUpper = /[A-Z]/.test(value);
  const hasDigit = /[0-9]/.test(value);
  const changes = letterDigitChanges(value);
  const { letters, share, shortPieces } = wordLikeShare(value);
  // A password with symbols: every class present, symbols inside, letters not reading as words.
  if (hasLower && hasUpper && hasDigit && PASSWORD_SYMBOL.test(value.slice(1, -1)) && share < 0.5) return true;
  if (value.length < 14) return false;
  if (/^[0-9a-f]+$/i.test(value)) return value.length >= 20 && hasDigit && /[a-f]/i.test(value);
  // Random text changes between letters and digits often, and its letters do not read as words or camelCase;
  // it also keeps long runs of letters and digits, where hyphenated names and versions (`k8s-gke-usc1-prd`) do not.
  // One unbroken run of 16+ that changes between letters and digits three times is not a word or a version.
  if (value.length >= 16 && /^[A-Za-z0-9]+$/.test(value) && changes >= 3) return true;
  if (longestAlnumRun(value) >= 10) return changes >= 5 || (letters >= 8 && share < 0.5);
  return changes + shortPieces >= 6 && share < 0.3 && letters >= 8;
}

/** The longest run of letters and digits holding a letter (an account number in an ARN is not random text). */
function longestAlnumRun(value: string): number {
  let longest = 0;
  let run = 0;
  let hasLetter = false;
  for (let i = 0; i < value.length; i++) {
    const code = value.charCodeAt(i);
    const letter = (code >= 65 && code <= 90) || (code >= 97 && code <= 122);
    if (letter || (code >= 48 && code <= 57)) {
      run++;
      hasLetter ||= letter;
      if (hasLetter && run > longest) longest = run;
    } else {
      run = 0;
      hasLetter = false;
    }
  }
  return longest;
}
