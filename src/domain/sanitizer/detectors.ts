import { BoundedMap } from '../bounded-map.ts';
import { PLACEHOLDER } from './placeholders.ts';

/**
 * One detector per secret format found in the wild. Each pattern is global and anchored on a format's
 * fixed prefix or structure, so ordinary text (versions, package names, plain URLs) does not match.
 * Order matters: whole connection strings and key blocks go before the tokens they may contain.
 * Patterns end in a lookahead rather than \b: a token may end in '-' or '_', where \b finds no boundary.
 * Every run that must be followed by something (a separator, an '@', an END line) has an upper bound: an
 * unbounded run is scanned to its end from every start that fails, which is quadratic on text such as
 * 'eyJ_eyJ_eyJ_...'. The bounds are above every real format's length (a JWT header, a URL's password,
 * a PEM block of an 8192-bit key), and where a run may hold the format's own prefix it stops at the next
 * one (`(?:(?!jdbc:)...)`), so each character is scanned from one start only.
 * test/domain/sanitizer/worst-case-input.test.ts holds every detector to a time budget on hostile text.
 */
export interface Detector {
  name: string;
  pattern: RegExp;
  /** What replaces a match; a function keeps a non-secret part (a scheme, a header name). */
  replace: string | ((match: string, ...groups: string[]) => string);
}

const SECRET_NAME_IN_ASSIGNMENT =
  '[A-Za-z_][A-Za-z0-9_]*(?:KEY|TOKEN|SECRET|PASSWORD|PASSWD|PWD|PASS|CREDENTIALS?|AUTH)';
// Neither a reference to a secret nor a value a redaction rule already masked.
const NOT_A_REFERENCE = String.raw`(?![$][{A-Za-z_]|\[REDACTED_|\*{4}|sha256:[0-9a-f])`;

export const DETECTORS: Detector[] = [
  {
    name: 'pem-private-key',
    pattern:
      /-----BEGIN ((?:RSA |EC |DSA |OPENSSH |ENCRYPTED |PGP )?PRIVATE KEY(?: BLOCK)?)-----(?:[^-]|-(?!----)){0,16384}?-----END \1-----/g,
    replace: PLACEHOLDER.privateKey,
  },
  {
    name: 'credentialed-database-url',
    pattern:
      /\b(?:postgres(?:ql)?|mysql|mariadb|mongodb(?:\+srv)?|rediss?|amqps?|mssql|sqlserver|clickhouse|cockroachdb|jdbc:[a-z0-9]{1,32})(?::[a-z0-9]{1,32})?:\/\/[^\s:@/'"]{1,256}:(?:(?!:\/\/)[^\s@'"]){1,1024}@[^\s'"]+/gi,
    replace: PLACEHOLDER.connectionString,
  },
  {
    name: 'jdbc-password-parameter',
    pattern: /\bjdbc:[a-z0-9]{1,32}:(?:(?!jdbc:)[^\s'"]){0,2048}?[;?&]password=[^\s;&'"]+[^\s'"]*/gi,
    replace: PLACEHOLDER.connectionString,
  },
  {
    name: 'azure-storage-connection-string',
    pattern:
      /DefaultEndpointsProtocol=https?;(?:(?!DefaultEndpointsProtocol=)[^\s'"]){0,2048}?AccountKey=[A-Za-z0-9+/=]{20,}[^\s'"]*/g,
    replace: PLACEHOLDER.connectionString,
  },
  {
    name: 'azure-service-bus-connection-string',
    // The host stops at another 'Endpoint=sb:', so 64 KB of repeated prefixes costs each start a few characters
    // instead of a 512-character search for ';' (16 ms of a 35 ms sanitizer pass, worst-case-input.test.ts).
    pattern:
      /Endpoint=sb:\/\/(?:(?!Endpoint=sb:)[^\s;'"]){1,512};(?:(?!Endpoint=sb:)[^\s'"]){0,2048}?SharedAccessKey=[A-Za-z0-9+/=]{20,}[^\s'"]*/g,
    replace: PLACEHOLDER.connectionString,
  },
  {
    name: 'credentialed-http-url',
    pattern: /\bhttps?:\/\/[^\s:@/'"]{1,256}:[^\s@/'"]{1,1024}@[^\s'"]+/gi,
    replace: PLACEHOLDER.connectionString,
  },
  {
    name: 'slack-webhook',
    pattern: /https:\/\/hooks\.slack\.com\/services\/T[A-Z0-9]{1,32}\/B[A-Z0-9]{1,32}\/[A-Za-z0-9]{20,}/g,
    replace: PLACEHOLDER.token,
  },
  {
    name: 'discord-webhook',
    pattern: /https:\/\/(?:canary\.|ptb\.)?discord(?:app)?\.com\/api\/webhooks\/\d{1,32}\/[A-Za-z0-9_-]{60,}/g,
    replace: PLACEHOLDER.token,
  },
  {
    name: 'aws-access-key-id',
    pattern: /\b(?:AKIA|ASIA|ABIA|ACCA|AGPA|AIDA|AROA|ANPA)[0-9A-Z]{16}(?![A-Za-z0-9_-])/g,
    replace: PLACEHOLDER.awsKey,
  },
  {
    name: 'aws-secret-access-key-assignment',
    pattern:
      /\b(aws_secret_access_key|aws_secret_key|secret_access_key)(["']?\s*[:=]\s*["']?)[A-Za-z0-9/+=]{40}(?![A-Za-z0-9/+=])/gi,
    replace: (_m, name, sep) => `${name}${sep}${PLACEHOLDER.awsKey}`,
  },
  {
    name: 'anthropic-api-key',
    pattern: /\bsk-ant-(?:api|admin)\d{2}-[A-Za-z0-9_-]{20,}/g,
    replace: PLACEHOLDER.apiKey,
  },
  {
    name: 'openai-api-key',
    // The marker form may follow a '-' ('x-openai-sk-None-...'), so its run stops at the next '-sk-': in 64 KB
    // of 'sk-sk-...' or 'a-sk-a-sk-...' each 'sk-' then scans to the next one, not up to 256 characters on
    // (33-63 ms before, worst-case-input.test.ts). Keys with '-' in their body can hold '-sk-' by chance; the
    // forms that have one (sk-proj-, sk-svcacct-, sk-admin-, sk-None-) are taken whole by the second branch,
    // which needs no marker and is greedy, so it scans a run once. Lazy before the marker, so a start tries
    // T3BlbkFJ once per position.
    pattern:
      /\bsk-(?:proj-|svcacct-|admin-)?(?:(?!-sk-)[A-Za-z0-9_-]){20,256}?T3BlbkFJ[A-Za-z0-9_-]{20,}|\bsk-(?:proj|svcacct|admin|None)-[A-Za-z0-9_-]{40,}|\bsk-[A-Za-z0-9]{48}(?![A-Za-z0-9_-])/g,
    replace: PLACEHOLDER.apiKey,
  },
  // Publishable keys (pk_) are meant for browsers; secret and restricted keys are not.
  { name: 'stripe-key', pattern: /\b(?:sk|rk)_(?:live|test)_[A-Za-z0-9]{16,}/g, replace: PLACEHOLDER.apiKey },
  { name: 'stripe-webhook-secret', pattern: /\bwhsec_[A-Za-z0-9]{24,}/g, replace: PLACEHOLDER.token },
  { name: 'github-token', pattern: /\bgh[pousr]_[A-Za-z0-9]{36,255}(?![A-Za-z0-9_-])/g, replace: PLACEHOLDER.token },
  { name: 'github-fine-grained-token', pattern: /\bgithub_pat_[A-Za-z0-9_]{22,255}/g, replace: PLACEHOLDER.token },
  {
    name: 'gitlab-token',
    pattern: /\bgl(?:pat|dt|ptt|rt|soat|cbt|ft|imt|agent|oas|ffct)-[A-Za-z0-9_-]{20,}/g,
    replace: PLACEHOLDER.token,
  },
  { name: 'google-api-key', pattern: /\bAIza[0-9A-Za-z_-]{35}(?![A-Za-z0-9_-])/g, replace: PLACEHOLDER.apiKey },
  {
    name: 'google-oauth-client-secret',
    pattern: /\bGOCSPX-[A-Za-z0-9_-]{28}(?![A-Za-z0-9_-])/g,
    replace: PLACEHOLDER.token,
  },
  { name: 'slack-token', pattern: /\bxox[abposr]-[A-Za-z0-9-]{10,}/g, replace: PLACEHOLDER.token },
  { name: 'slack-app-token', pattern: /\bxapp-\d-[A-Z0-9]+-\d+-[a-f0-9]{32,}/g, replace: PLACEHOLDER.token },
  {
    name: 'discord-bot-token',
    pattern: /\b[MNO][A-Za-z0-9_-]{23,25}\.[A-Za-z0-9_-]{6}\.[A-Za-z0-9_-]{27,38}(?![A-Za-z0-9_-])/g,
    replace: PLACEHOLDER.token,
  },
  {
    name: 'telegram-bot-token',
    pattern: /\b\d{8,10}:AA[A-Za-z0-9_-]{33}(?![A-Za-z0-9_-])/g,
    replace: PLACEHOLDER.token,
  },
  { name: 'twilio-api-key', pattern: /\bSK[0-9a-f]{32}(?![A-Za-z0-9_-])/g, replace: PLACEHOLDER.apiKey },
  {
    name: 'sendgrid-api-key',
    pattern: /\bSG\.[A-Za-z0-9_-]{22}\.[A-Za-z0-9_-]{43}(?![A-Za-z0-9_-])/g,
    replace: PLACEHOLDER.apiKey,
  },
  {
    name: 'flutterwave-secret-key',
    pattern: /\bFLWSECK(?:_TEST)?-[a-h0-9]{12,32}(?:-X)?(?![A-Za-z0-9_-])/g,
    replace: PLACEHOLDER.apiKey,
  },
  { name: 'mailgun-api-key', pattern: /\bkey-[0-9a-f]{32}(?![A-Za-z0-9_-])/g, replace: PLACEHOLDER.apiKey },
  { name: 'npm-token', pattern: /\bnpm_[A-Za-z0-9]{36}(?![A-Za-z0-9_-])/g, replace: PLACEHOLDER.token },
  { name: 'pypi-token', pattern: /\bpypi-AgEIcHlwaS5vcmc[A-Za-z0-9_-]{50,}/g, replace: PLACEHOLDER.token },
  { name: 'docker-hub-token', pattern: /\bdckr_pat_[A-Za-z0-9_-]{27,}/g, replace: PLACEHOLDER.token },
  { name: 'huggingface-token', pattern: /\bhf_[A-Za-z0-9]{34,}(?![A-Za-z0-9_-])/g, replace: PLACEHOLDER.token },
  { name: 'groq-api-key', pattern: /\bgsk_[A-Za-z0-9]{48,}(?![A-Za-z0-9_-])/g, replace: PLACEHOLDER.apiKey },
  { name: 'replicate-token', pattern: /\br8_[A-Za-z0-9]{37}(?![A-Za-z0-9_-])/g, replace: PLACEHOLDER.token },
  { name: 'perplexity-api-key', pattern: /\bpplx-[A-Za-z0-9]{48}(?![A-Za-z0-9_-])/g, replace: PLACEHOLDER.apiKey },
  { name: 'xai-api-key', pattern: /\bxai-[A-Za-z0-9]{70,}(?![A-Za-z0-9_-])/g, replace: PLACEHOLDER.apiKey },
  { name: 'linear-api-key', pattern: /\blin_api_[A-Za-z0-9]{40}(?![A-Za-z0-9_-])/g, replace: PLACEHOLDER.apiKey },
  {
    name: 'notion-token',
    pattern: /\b(?:secret_[A-Za-z0-9]{43}|ntn_[A-Za-z0-9]{40,})(?![A-Za-z0-9_-])/g,
    replace: PLACEHOLDER.token,
  },
  {
    name: 'shopify-token',
    pattern: /\bshp(?:at|ca|pa|ss)_[a-fA-F0-9]{32}(?![A-Za-z0-9_-])/g,
    replace: PLACEHOLDER.token,
  },
  { name: 'atlassian-api-token', pattern: /\bATATT3[A-Za-z0-9_=-]{150,}/g, replace: PLACEHOLDER.token },
  { name: 'digitalocean-token', pattern: /\bdo[opr]_v1_[a-f0-9]{64}(?![A-Za-z0-9_-])/g, replace: PLACEHOLDER.token },
  { name: 'supabase-token', pattern: /\bsbp_[a-f0-9]{40}(?![A-Za-z0-9_-])/g, replace: PLACEHOLDER.token },
  {
    name: 'square-token',
    pattern: /\bsq0(?:atp|csp)-[A-Za-z0-9_-]{22,43}(?![A-Za-z0-9_-])/g,
    replace: PLACEHOLDER.token,
  },
  {
    name: 'azure-ad-client-secret',
    pattern: /\b[A-Za-z0-9_~.]{3}\dQ~[A-Za-z0-9_~.-]{31,34}(?![A-Za-z0-9_-])/g,
    replace: PLACEHOLDER.token,
  },
  // Started where a run of token characters starts (not at every '-eyJ' inside one), so 'eyJ_-eyJ_-...' is one start.
  {
    name: 'jwt',
    pattern: /(?<![A-Za-z0-9_-])eyJ[A-Za-z0-9_-]{8,1024}\.eyJ[A-Za-z0-9_-]{8,16384}\.[A-Za-z0-9_-]{8,}/g,
    replace: PLACEHOLDER.token,
  },
  {
    name: 'bearer-credential',
    pattern: new RegExp(String.raw`\b(Bearer|Token)(\s+)${NOT_A_REFERENCE}[A-Za-z0-9._~+/-]{8,}=*`, 'g'),
    replace: (_m, scheme, space) => `${scheme}${space}${PLACEHOLDER.token}`,
  },
  {
    name: 'basic-credential',
    pattern: new RegExp(String.raw`\b(Basic)(\s+)${NOT_A_REFERENCE}[A-Za-z0-9+/]{8,}=*`, 'g'),
    replace: (_m, scheme, space) => `${scheme}${space}${PLACEHOLDER.password}`,
  },
  {
    name: 'secret-header-in-args',
    pattern: new RegExp(
      // Any scheme (`FlyV1 …`, `SSWS …`, `token …`) is kept and the credential after it hidden.
      String.raw`\b((?:X-)?(?:Api-?Key|Auth-?Token|Access-?Token|Secret|Private-?Token|Cookie)|Authorization)(\s*:\s*)((?:[A-Za-z][A-Za-z0-9_-]{0,30}[ \t]+)?)${NOT_A_REFERENCE}[^\s"',]{6,}`,
      'gi',
    ),
    replace: (_m, name, sep, scheme) => `${name}${sep}${scheme}${PLACEHOLDER.token}`,
  },
  {
    name: 'secret-assignment',
    pattern: new RegExp(String.raw`\b(${SECRET_NAME_IN_ASSIGNMENT})(=)${NOT_A_REFERENCE}([^\s"'&;]+)`, 'g'),
    replace: (_m, name, sep) => `${name}${sep}${placeholderForName(name) ?? PLACEHOLDER.token}`,
  },
  {
    name: 'password-parameter',
    pattern: new RegExp(
      String.raw`\b(password|passwd|pwd|secret|api_?key|access_?token|client_secret)(\s*[=:]\s*)${NOT_A_REFERENCE}([^\s"'&;,}]{4,})`,
      'gi',
    ),
    replace: (_m, name, sep) => `${name}${sep}${placeholderForName(name) ?? PLACEHOLDER.password}`,
  },
];

/**
 * Names whose values are secrets whatever they look like (`GITHUB_TOKEN`, `db_password`, `X-Api-Key`).
 * Word parts are split on `_`, `-` and case changes so `MAX_TOKENS` or `MONKEY` do not count.
 */
export function placeholderForName(name: string): string | null {
  const known = placeholderByName.get(name);
  if (known !== undefined) return known;
  const judged = judgeName(name);
  placeholderByName.set(name, judged);
  return judged;
}

// Names repeat (header names, env var names), and judging one takes several regexes.
const placeholderByName = new BoundedMap<string, string | null>(10_000);

const DESCRIPTOR_WORDS = new Set([
  'limit',
  'limits',
  'max',
  'min',
  'count',
  'size',
  'length',
  'ttl',
  'timeout',
  'expiry',
  'expires',
  'lifetime',
  'type',
  'mode',
  'kind',
  'url',
  'uri',
  'endpoint',
  'host',
  'hostname',
  'port',
  'path',
  'file',
  'dir',
  'directory',
  'folder',
  'provider',
  'method',
  'scheme',
  'format',
  'version',
  'enabled',
  'disabled',
  'required',
  'scope',
  'scopes',
  'audience',
  'issuer',
  'realm',
  'region',
  'env',
  'prefix',
  'suffix',
  'strategy',
  'flow',
  'server',
  'service',
  'level',
  'name',
  'label',
]);

/**
 * Names whose values are identifiers or digests, judged by known formats only (a commit SHA, a Drive folder id
 * and a model name look random and are not secrets): the last word part says what the value is.
 */
export function isIdentifierName(name: string): boolean {
  const words = name
    .replace(/([a-z0-9])([A-Z])/g, '$1_$2')
    .toLowerCase()
    .split(/[^a-z0-9]+/)
    .filter(Boolean);
  return IDENTIFIER_WORDS.has(words[words.length - 1] ?? '');
}

const IDENTIFIER_WORDS = new Set([
  'id',
  'ids',
  'uuid',
  'guid',
  'ulid',
  'sha',
  'sha1',
  'sha256',
  'hash',
  'commit',
  'ref',
  'rev',
  'revision',
  'digest',
  'checksum',
  'integrity',
  'etag',
  'version',
  'model',
  'region',
  'zone',
  'tag',
  'branch',
  'image',
]);

function judgeName(name: string): string | null {
  const words = name
    .replace(/([a-z0-9])([A-Z])/g, '$1_$2')
    .toLowerCase()
    .split(/[^a-z0-9]+/)
    .filter(Boolean);
  const has = (...candidates: string[]) => candidates.some((candidate) => words.includes(candidate));
  const joined = words.join('_');
  // What a setting is about, not its secret: TOKEN_LIMIT, AUTH_TYPE, TOKEN_FILE, SECRET_PATH, AUTH_URL.
  if (words.length > 1 && DESCRIPTOR_WORDS.has(words[words.length - 1]!)) return null;
  // Meant to be seen: STRIPE_PUBLISHABLE_KEY, NEXT_PUBLIC_*, PUBLIC_KEY.
  if (has('public', 'publishable')) return null;
  if (joined.startsWith('aws_') && has('secret', 'key', 'token')) return PLACEHOLDER.awsKey;
  if (has('password', 'passwd', 'pwd', 'pass', 'passphrase')) return PLACEHOLDER.password;
  if (/(^|_)(api_?key|apikey|access_key|private_key|key)$/.test(joined) || has('apikey')) return PLACEHOLDER.apiKey;
  if (
    has(
      'token',
      'secret',
      'auth',
      'authorization',
      'credential',
      'credentials',
      'cookie',
      'session',
      'signature',
      'dsn',
    )
  ) {
    return PLACEHOLDER.token;
  }
  if (/(^|_)(connection_string|conn_str|database_url|db_url)$/.test(joined)) return PLACEHOLDER.connectionString;
  return null;
}
