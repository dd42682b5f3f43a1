import { DETECTORS } from './detectors.ts';

const literal = (...words: string[]) => words.map((word) => word.replace(/[.*+?^${}()|[\]\\]/g, '\\$&'));
// Bounded like the detectors it gates: an unbounded run here is quadratic on 'http://a:' repeated.
const CREDENTIALS_AFTER_SCHEME = ':\\/\\/[^\\s:@/\'"]{1,256}:(?:(?!:\\/\\/)[^\\s@\'"]){1,1024}@';

/**
 * What every match of each detector contains, as regex sources matched case-insensitively: a fixed prefix
 * or, for the few formats without one, the start of their structure. Text matching none of these cannot
 * match any detector, so most captured strings (content types, ids, ordinary JSON) skip all 48 patterns
 * after one scan. test/domain/sanitizer/detector-gate.test.ts generates matches of every detector and
 * checks the gate finds each.
 */
const GATES: Record<string, readonly string[]> = {
  'pem-private-key': literal('-----BEGIN '),
  // The credential structure, not just '://': every URL has that, and URLs are in every captured record.
  'credentialed-database-url': [CREDENTIALS_AFTER_SCHEME],
  'jdbc-password-parameter': literal('jdbc:'),
  'azure-storage-connection-string': literal('DefaultEndpointsProtocol='),
  'azure-service-bus-connection-string': literal('Endpoint=sb://'),
  'credentialed-http-url': [CREDENTIALS_AFTER_SCHEME],
  'slack-webhook': literal('hooks.slack.com/'),
  'discord-webhook': literal('discord'),
  'aws-access-key-id': literal('AKIA', 'ASIA', 'ABIA', 'ACCA', 'AGPA', 'AIDA', 'AROA', 'ANPA'),
  'aws-secret-access-key-assignment': literal('secret_'),
  'anthropic-api-key': literal('sk-ant-'),
  'openai-api-key': literal('sk-'),
  'stripe-key': literal('_live_', '_test_'),
  'stripe-webhook-secret': literal('whsec_'),
  'github-token': ['gh[pousr]_'],
  'github-fine-grained-token': literal('github_pat_'),
  'gitlab-token': ['gl(?:pat|dt|ptt|rt|soat|cbt|ft|imt|agent|oas|ffct)-'],
  'google-api-key': literal('AIza'),
  'google-oauth-client-secret': literal('GOCSPX-'),
  'slack-token': literal('xox'),
  'slack-app-token': literal('xapp-'),
  'discord-bot-token': ['[MNO][A-Za-z0-9_-]{23,25}\\.'],
  'telegram-bot-token': literal(':AA'),
  'twilio-api-key': ['SK[0-9a-f]{32}'],
  'sendgrid-api-key': literal('SG.'),
  'flutterwave-secret-key': literal('FLWSECK'),
  'mailgun-api-key': literal('key-'),
  'npm-token': literal('npm_'),
  'pypi-token': literal('pypi-'),
  'docker-hub-token': literal('dckr_pat_'),
  'huggingface-token': literal('hf_'),
  'groq-api-key': literal('gsk_'),
  'replicate-token': literal('r8_'),
  'perplexity-api-key': literal('pplx-'),
  'xai-api-key': literal('xai-'),
  'linear-api-key': literal('lin_api_'),
  'notion-token': literal('secret_', 'ntn_'),
  'shopify-token': ['shp(?:at|ca|pa|ss)_'],
  'atlassian-api-token': literal('ATATT3'),
  'digitalocean-token': literal('_v1_'),
  'supabase-token': literal('sbp_'),
  'square-token': literal('sq0'),
  'azure-ad-client-secret': literal('Q~'),
  jwt: literal('eyJ'),
  'bearer-credential': literal('Bearer', 'Token'),
  'basic-credential': literal('Basic'),
  'secret-header-in-args': [
    'api-?key',
    'auth-?token',
    'access-?token',
    'private-?token',
    ...literal('secret', 'cookie', 'authorization'),
  ],
  'secret-assignment': ['(?:key|token|secret|password|passwd|pwd|pass|credentials?|auth)='],
  'password-parameter': ['password', 'passwd', 'pwd', 'secret', 'api_?key', 'access_?token', 'client_secret'],
};

const missing = DETECTORS.filter((detector) => !GATES[detector.name]);
if (missing.length > 0) throw new Error(`detector gate: no gate for ${missing.map((d) => d.name).join(', ')}`);

/** One scan that any text a detector would change matches. */
export const DETECTOR_GATE = new RegExp([...new Set(Object.values(GATES).flat())].join('|'), 'i');
