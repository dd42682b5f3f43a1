/**
 * The corpus draws its random characters from a seeded generator so that every run tests the same values and a
 * failure can be replayed: `SANITIZER_CORPUS_SEED=<n>` picks another corpus, `random` a fresh one each run. Fresh
 * corpora can miss a secret whose random body is short (measured: 0.3-5% of 14-16-character bodies are judged
 * ordinary text), which is why the default is fixed rather than drawn anew.
 */
const seedSetting = process.env.SANITIZER_CORPUS_SEED ?? '20261127';
export const CORPUS_SEED = seedSetting === 'random' ? Math.floor(Math.random() * 2 ** 31) : Number(seedSetting);
let state = CORPUS_SEED >>> 0;
/** mulberry32: small, fast, and good enough to spread characters over an alphabet. */
function nextUnit(): number {
  state = (state + 0x6d2b79f5) >>> 0;
  let t = state;
  t = Math.imul(t ^ (t >>> 15), t | 1);
  t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
  return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
}
/** An integer in [min, max), or [0, min) with one argument, like node:crypto's randomInt. */
function randomInt(min: number, max?: number): number {
  const [low, high] = max === undefined ? [0, min] : [min, max];
  return low + Math.floor(nextUnit() * (high - low));
}

/**
 * Secret kinds taken from the true-positive shapes of public rule sets (gitleaks' default config, detect-secrets'
 * plugins, trufflehog's detectors): each is a prefix and a run of random characters of the rule's alphabet and
 * length, drawn fresh at test time ('=' only as base64 padding, where real tokens have it). Kinds whose secret is only digits, or that are public by design (client ids,
 * publishable keys), are left out: no shape tells them from an ordinary number or id.
 */
const LOWER = 'abcdefghijklmnopqrstuvwxyz';
const UPPER = LOWER.toUpperCase();
const DIGITS = '0123456789';
const HEX = `${DIGITS}abcdef`;
const ALNUM = `${LOWER}${UPPER}${DIGITS}`;
const pick = (alphabet: string, n: number) =>
  Array.from({ length: n }, () => alphabet[randomInt(alphabet.length)]).join('');
const an = (n: number) => pick(ALNUM, n);
const lan = (n: number) => pick(`${LOWER}${DIGITS}`, n);
const uan = (n: number) => pick(`${UPPER}${DIGITS}`, n);
const hex = (n: number) => pick(HEX, n);
const uhex = (n: number) => pick(HEX.toUpperCase(), n);
const b64 = (n: number) => pick(`${ALNUM}+/`, n);
const url64 = (n: number) => pick(`${ALNUM}_-`, n);
const uuid = () => `${hex(8)}-${hex(4)}-4${hex(3)}-a${hex(3)}-${hex(12)}`;
const symbols = (n: number) => {
  // A password with every class and symbols inside, as people make them.
  const body = pick(`${ALNUM}!@#$%^&*`, n - 4);
  return `${pick(UPPER, 1)}${pick(LOWER, 1)}${body.slice(0, 3)}${pick('!#$%&*', 1)}${body.slice(3)}${pick(DIGITS, 1)}`;
};

export const SECRET_KINDS: [string, () => string][] = [
  ['1password-secret-key', () => `A3-${uan(6)}-${uan(11)}-${uan(5)}-${uan(5)}-${uan(5)}`],
  ['1password-service-account', () => `ops_eyJ${b64(260)}`],
  ['adafruit-api-key', () => pick(`${LOWER}${DIGITS}_-`, 32)],
  ['adobe-client-secret', () => `p8e-${lan(32)}`],
  ['age-secret-key', () => `AGE-SECRET-KEY-1${pick('QPZRY9X8GF2TVDW0S3JN54KHCE6MUA7L', 58)}`],
  ['airtable-api-key', () => lan(17)],
  ['airtable-pat', () => `pat${an(14)}.${hex(64)}`],
  ['algolia-admin-key', () => lan(32)],
  ['alibaba-access-key-id', () => `LTAI${lan(20)}`],
  ['alibaba-secret-key', () => lan(30)],
  ['anthropic-api-key', () => `sk-ant-api03-${url64(93)}AA`],
  ['anthropic-admin-key', () => `sk-ant-admin01-${url64(93)}AA`],
  ['artifactory-api-key', () => `AKCp${an(69)}`],
  ['artifactory-reference-token', () => `cmVmd${an(59)}`],
  ['asana-client-secret', () => lan(32)],
  ['atlassian-api-token', () => lan(24)],
  ['atlassian-api-token-v2', () => `ATATT3${url64(186)}`],
  ['authress-access-key', () => `sc_${lan(20)}.${lan(5)}.acc_${lan(20)}.${b64(60)}`],
  ['aws-access-key-id', () => `AKIA${pick(`${UPPER}234567`, 16)}`],
  ['aws-secret-access-key', () => b64(40)],
  ['aws-bedrock-long-lived', () => `ABSK${b64(140)}`],
  ['azure-ad-client-secret', () => `${an(3)}8Q~${pick(`${ALNUM}_~.-`, 34)}`],
  ['beamer-api-token', () => `b_${pick(`${LOWER}${DIGITS}_-`, 44)}`],
  ['bitbucket-client-secret', () => pick(`${LOWER}${DIGITS}_-`, 64)],
  ['bittrex-secret-key', () => lan(32)],
  ['cisco-meraki-api-key', () => hex(40)],
  ['clickhouse-cloud-secret', () => `4b1d${an(38)}`],
  ['clojars-api-token', () => `CLOJARS_${lan(60)}`],
  ['cloudflare-api-key', () => pick(`${LOWER}${DIGITS}_-`, 40)],
  ['cloudflare-global-api-key', () => hex(37)],
  ['cloudflare-origin-ca-key', () => `v1.0-${hex(24)}-${hex(146)}`],
  ['codecov-access-token', () => lan(32)],
  ['cohere-api-token', () => an(40)],
  ['coinbase-access-token', () => pick(`${LOWER}${DIGITS}_-`, 64)],
  ['confluent-secret-key', () => lan(64)],
  ['contentful-delivery-token', () => pick(`${LOWER}${DIGITS}_-`, 43)],
  ['databricks-api-token', () => `dapi${hex(32)}`],
  ['datadog-access-token', () => lan(40)],
  ['defined-networking-token', () => `dnkey-${lan(26)}-${lan(52)}`],
  ['digitalocean-access-token', () => `doo_v1_${hex(64)}`],
  ['digitalocean-pat', () => `dop_v1_${hex(64)}`],
  ['digitalocean-refresh-token', () => `dor_v1_${hex(64)}`],
  ['discord-api-token', () => hex(64)],
  ['discord-client-secret', () => pick(`${LOWER}${DIGITS}_-`, 32)],
  ['discord-bot-token', () => `M${an(23)}.${url64(6)}.${url64(27)}`],
  ['doppler-api-token', () => `dp.pt.${lan(43)}`],
  ['droneci-access-token', () => lan(32)],
  ['dropbox-long-lived-token', () => `${lan(11)}AAAAAAAAAA${pick(`${LOWER}${DIGITS}_-`, 43)}`],
  ['dropbox-short-lived-token', () => `sl.${pick(`${LOWER}${DIGITS}_-`, 135)}`],
  ['duffel-api-token', () => `duffel_live_${pick(`${LOWER}${DIGITS}_-`, 43)}`],
  ['dynatrace-api-token', () => `dt0c01.${uan(24)}.${uan(64)}`],
  ['easypost-api-token', () => `EZAK${lan(54)}`],
  ['easypost-test-token', () => `EZTK${lan(54)}`],
  ['etsy-access-token', () => lan(24)],
  ['facebook-access-token', () => `${pick(DIGITS, 15)}|${pick(`${LOWER}${DIGITS}_-`, 32)}`],
  ['facebook-page-access-token', () => `EAAC${an(120)}`],
  ['facebook-secret', () => hex(32)],
  ['fastly-api-token', () => pick(`${LOWER}${DIGITS}_-`, 32)],
  ['finicity-api-token', () => hex(32)],
  ['finicity-client-secret', () => lan(20)],
  ['finnhub-access-token', () => lan(20)],
  ['flickr-access-token', () => lan(32)],
  ['flutterwave-secret-key', () => `FLWSECK_TEST-${pick('abcdefgh0123456789', 32)}-X`],
  ['flutterwave-encryption-key', () => `FLWSECK_TEST-${pick('abcdefgh0123456789', 12)}`],
  ['flyio-macaroon', () => `fm2_${b64(180)}`],
  ['flyio-org-token', () => `fo1_${url64(43)}`],
  ['frameio-api-token', () => `fio-u-${url64(64)}`],
  ['freshbooks-access-token', () => lan(64)],
  ['gcp-api-key', () => `AIza${url64(35)}`],
  ['gcp-oauth-client-secret', () => `GOCSPX-${url64(28)}`],
  ['github-pat', () => `ghp_${an(36)}`],
  ['github-oauth', () => `gho_${an(36)}`],
  ['github-app-user-token', () => `ghu_${an(36)}`],
  ['github-app-server-token', () => `ghs_${an(36)}`],
  ['github-refresh-token', () => `ghr_${an(36)}`],
  ['github-fine-grained-pat', () => `github_pat_${an(22)}_${an(59)}`],
  ['gitlab-pat', () => `glpat-${url64(20)}`],
  ['gitlab-pat-routable', () => `glpat-${url64(36)}.01.${lan(9)}`],
  ['gitlab-ptt', () => `glptt-${hex(40)}`],
  ['gitlab-rrt', () => `GR1348941${url64(20)}`],
  ['gitlab-runner-token', () => `glrt-${url64(20)}`],
  ['gitlab-deploy-token', () => `gldt-${url64(20)}`],
  ['gitlab-feed-token', () => `glft-${url64(20)}`],
  ['gitlab-incoming-mail-token', () => `glimt-${url64(25)}`],
  ['gitlab-kubernetes-agent-token', () => `glagent-${url64(50)}`],
  ['gitlab-oauth-app-secret', () => `gloas-${url64(64)}`],
  ['gitlab-scim-token', () => `glsoat-${url64(20)}`],
  ['gitlab-feature-flag-token', () => `glffct-${url64(20)}`],
  ['gitlab-cicd-job-token', () => `glcbt-${an(5)}_${url64(20)}`],
  ['gitter-access-token', () => pick(`${LOWER}${DIGITS}_-`, 40)],
  ['gocardless-api-token', () => `live_${pick(`${LOWER}${DIGITS}_-`, 40)}`],
  ['grafana-api-key', () => `eyJrIjoi${an(80)}`],
  ['grafana-cloud-api-token', () => `glc_${b64(64)}`],
  ['grafana-service-account-token', () => `glsa_${an(32)}_${hex(8)}`],
  ['harness-api-key', () => `pat.${url64(22)}.${an(24)}.${an(20)}`],
  ['hashicorp-tf-api-token', () => `${lan(14)}.atlasv1.${pick(`${LOWER}${DIGITS}_-`, 64)}`],
  ['hashicorp-vault-service-token', () => `hvs.${url64(100)}`],
  ['hashicorp-vault-batch-token', () => `hvb.${url64(150)}`],
  ['heroku-api-key', () => uuid()],
  ['heroku-api-key-v2', () => `HRKU-AA${url64(58)}`],
  ['hubspot-api-key', () => uuid().toUpperCase()],
  ['huggingface-access-token', () => `hf_${pick(`${LOWER}${UPPER}`, 34)}`],
  ['huggingface-org-token', () => `api_org_${pick(`${LOWER}${UPPER}`, 34)}`],
  ['infracost-api-token', () => `ico-${an(32)}`],
  ['intercom-api-key', () => pick(`${LOWER}${DIGITS}_-`, 60)],
  ['intra42-client-secret', () => `s-s4t2ud-${hex(64)}`],
  ['jfrog-api-key', () => lan(73)],
  ['jfrog-identity-token', () => lan(64)],
  ['jwt', () => `eyJ${url64(30)}.eyJ${url64(60)}.${url64(43)}`],
  ['kraken-access-token', () => pick(`${LOWER}${DIGITS}/_+-`, 86)],
  ['kucoin-access-token', () => hex(24)],
  ['kucoin-secret-key', () => uuid()],
  ['launchdarkly-access-token', () => pick(`${LOWER}${DIGITS}_-`, 40)],
  ['linear-api-key', () => `lin_api_${an(40)}`],
  ['linear-client-secret', () => hex(32)],
  ['linkedin-client-secret', () => lan(16)],
  ['lob-api-key', () => `live_${hex(35)}`],
  ['looker-client-secret', () => lan(24)],
  ['mailchimp-api-key', () => `${hex(32)}-us${randomInt(1, 21)}`],
  ['mailgun-private-api-token', () => `key-${hex(32)}`],
  [
    'mailgun-signing-key',
    () => `${pick('abcdefgh0123456789', 32)}-${pick('abcdefgh0123456789', 8)}-${pick('abcdefgh0123456789', 8)}`,
  ],
  ['mattermost-access-token', () => lan(26)],
  ['maxmind-license-key', () => `${an(6)}_${an(29)}_mmk`],
  ['messagebird-api-token', () => lan(25)],
  ['netlify-access-token', () => pick(`${LOWER}${DIGITS}_-`, 43)],
  ['new-relic-user-api-key', () => `NRAK-${uan(27)}`],
  ['new-relic-insert-key', () => `NRII-${pick(`${LOWER}${DIGITS}-`, 32)}`],
  ['new-relic-user-api-id', () => lan(64)],
  ['notion-api-token', () => `ntn_${pick(DIGITS, 11)}${an(35)}`],
  ['npm-access-token', () => `npm_${an(36)}`],
  ['nytimes-access-token', () => pick(`${LOWER}${DIGITS}_-`, 32)],
  ['octopus-deploy-api-key', () => `API-${uan(26)}`],
  ['okta-access-token', () => `00${url64(40)}`],
  ['openai-project-key', () => `sk-proj-${url64(74)}T3BlbkFJ${url64(74)}`],
  ['openai-legacy-key', () => `sk-${an(20)}T3BlbkFJ${an(20)}`],
  ['openshift-user-token', () => `sha256~${url64(43)}`],
  ['perplexity-api-key', () => `pplx-${an(48)}`],
  ['plaid-client-id', () => lan(24)],
  ['plaid-secret-key', () => lan(30)],
  ['plaid-api-token', () => `access-production-${uuid()}`],
  ['planetscale-password', () => `pscale_pw_${url64(43)}`],
  ['planetscale-api-token', () => `pscale_tkn_${url64(43)}`],
  ['planetscale-oauth-token', () => `pscale_oauth_${url64(43)}`],
  ['postman-api-token', () => `PMAK-${hex(24)}-${hex(34)}`],
  ['prefect-api-token', () => `pnu_${an(36)}`],
  ['privateai-api-token', () => lan(32)],
  ['pulumi-api-token', () => `pul-${hex(40)}`],
  ['pypi-upload-token', () => `pypi-AgEIcHlwaS5vcmc${url64(70)}`],
  ['rapidapi-access-token', () => pick(`${LOWER}${DIGITS}_-`, 50)],
  ['readme-api-token', () => `rdme_${lan(70)}`],
  ['rubygems-api-token', () => `rubygems_${hex(48)}`],
  ['scalingo-api-token', () => `tk-us-${url64(48)}`],
  ['sendbird-access-token', () => hex(40)],
  ['sendgrid-api-token', () => `SG.${url64(22)}.${url64(43)}`],
  ['sendinblue-api-token', () => `xkeysib-${hex(64)}-${an(16)}`],
  ['sentry-user-token', () => `sntryu_${hex(64)}`],
  ['sentry-access-token', () => hex(64)],
  ['settlemint-personal-token', () => `sm_pat_${an(16)}`],
  ['shippo-api-token', () => `shippo_live_${hex(40)}`],
  ['shopify-access-token', () => `shpat_${hex(32)}`],
  ['shopify-shared-secret', () => `shpss_${hex(32)}`],
  ['slack-bot-token', () => `xoxb-${pick(DIGITS, 12)}-${pick(DIGITS, 12)}-${an(24)}`],
  ['slack-user-token', () => `xoxp-${pick(DIGITS, 12)}-${pick(DIGITS, 12)}-${pick(DIGITS, 12)}-${an(32)}`],
  ['slack-app-token', () => `xapp-1-${uan(11)}-${pick(DIGITS, 13)}-${hex(64)}`],
  ['slack-config-refresh-token', () => `xoxe-1-${uan(146)}`],
  ['sonar-api-token', () => `squ_${lan(40)}`],
  ['sourcegraph-access-token', () => `sgp_${hex(16)}_${hex(40)}`],
  ['square-access-token', () => `EAAA${url64(60)}`],
  ['squarespace-access-token', () => uuid()],
  ['stripe-secret-key', () => `sk_live_${an(99)}`],
  ['stripe-restricted-key', () => `rk_live_${an(24)}`],
  ['sumologic-access-key', () => lan(64)],
  ['telegram-bot-token', () => `${pick(DIGITS, 10)}:A${url64(34)}`],
  ['travisci-access-token', () => lan(22)],
  ['twilio-api-key', () => `SK${hex(32)}`],
  ['twitch-api-token', () => lan(30)],
  ['twitter-access-secret', () => lan(45)],
  ['twitter-access-token', () => `${pick(DIGITS, 19)}-${an(40)}`],
  ['twitter-bearer-token', () => `${'A'.repeat(22)}${an(90)}`],
  ['typeform-api-token', () => `tfp_${pick(`${LOWER}${DIGITS}_.-`, 59)}`],
  ['yandex-api-key', () => `AQVN${url64(37)}`],
  ['yandex-aws-access-token', () => `YC${url64(38)}`],
  ['zendesk-secret-key', () => lan(40)],
  ['detect-secrets-hex-high-entropy', () => uhex(48)],
  ['detect-secrets-base64-high-entropy', () => `${b64(42)}==`],
  ['detect-secrets-keyword-password', () => symbols(16)],
  ['trufflehog-short-password', () => symbols(12)],
];

/** A server entry as the scanner reads it from a client's config. */
export interface ServerEntry {
  name: string;
  command: string | null;
  args: string[];
  env: Record<string, string>;
  headers: Record<string, string>;
  url: string | null;
  cwd: string | null;
}

const entry = (part: Partial<ServerEntry>): ServerEntry => ({
  name: 'upstream',
  command: 'npx',
  args: [],
  env: {},
  headers: {},
  url: null,
  cwd: null,
  ...part,
});

/** Where secrets hide in MCP configs; every kind goes in every place. */
export const HIDING_PLACES: [string, (secret: string) => ServerEntry][] = [
  ['env value under an innocuous name', (s) => entry({ env: { SERVICE_SETTING: s } })],
  ['positional arg', (s) => entry({ args: ['-y', '@acme/mcp-bridge', s] })],
  ['--flag value', (s) => entry({ args: ['-y', '@acme/mcp-bridge', '--upstream', s] })],
  ['--api-key=value', (s) => entry({ args: ['-y', '@acme/mcp-bridge', `--api-key=${s}`] })],
  ['--token=value', (s) => entry({ args: ['-y', '@acme/mcp-bridge', `--token=${s}`] })],
  ['--flag=value under a neutral flag', (s) => entry({ args: ['serve', `--connect=${s}`] })],
  [
    '--header "Name: value" with any name',
    (s) =>
      entry({ command: 'npx', args: ['mcp-remote', 'https://mcp.acme.dev/mcp', '--header', `X-Tenant-Context: ${s}`] }),
  ],
  ['-H Name:value', (s) => entry({ args: ['mcp-remote', 'https://mcp.acme.dev/mcp', '-H', `Shop-Context:${s}`] })],
  [
    '--header with a non-Bearer scheme',
    (s) => entry({ args: ['mcp-remote', 'https://mcp.acme.dev/mcp', '--header', `Authorization: FlyV1 ${s}`] }),
  ],
  [
    'header object value with a token scheme',
    (s) => entry({ url: 'https://mcp.acme.dev/mcp', headers: { 'X-Upstream': `token ${s}` } }),
  ],
  [
    'header object value under any name',
    (s) => entry({ url: 'https://mcp.acme.dev/mcp', headers: { 'X-Tenant-Context': s } }),
  ],
  [
    'docker -e NAME=value',
    (s) =>
      entry({
        command: 'docker',
        args: ['run', '-i', '--rm', '-e', `UPSTREAM_SETTING=${s}`, 'ghcr.io/acme/mcp:1.2.0'],
      }),
  ],
  [
    'docker --env NAME=value',
    (s) => entry({ command: 'docker', args: ['run', '-i', '--rm', '--env', `MODE_OPTIONS=${s}`, 'acme/mcp'] }),
  ],
  [
    'JSON inside an env value',
    (s) =>
      entry({ env: { SERVICE_OPTIONS: JSON.stringify({ endpoint: 'https://api.acme.dev', value: s, retries: 3 }) } }),
  ],
  ['URL path segment', (s) => entry({ url: `https://mcp.acme.dev/api/mcp/s/${encodeURIComponent(s)}/mcp` })],
  [
    'URL query value under an id name',
    (s) => entry({ url: `https://mcp.acme.dev/mcp?customerId=${encodeURIComponent(s)}&team=core` }),
  ],
  ['URL userinfo password', (s) => entry({ url: `https://deploy:${encodeURIComponent(s)}@mcp.acme.dev/mcp` })],
  [
    'URL in an arg',
    (s) => entry({ args: ['mcp-remote', `https://mcp.acme.dev/sse?session=${encodeURIComponent(s)}`] }),
  ],
  ['server name', (s) => entry({ name: `acme-${s}` })],
  ['UNC path user name', (s) => entry({ cwd: `\\\\fileserver\\Users\\${s}\\mcp` })],
];

/** A sanitized entry's text: every field a server entry keeps, as stored and shown. */
export const entryText = (e: ServerEntry) => JSON.stringify(e);

const ulid = () => {
  const crockford = '0123456789ABCDEFGHJKMNPQRSTVWXYZ';
  let time = Date.UTC(2026, 0, 1) - randomInt(1, 3e10);
  let head = '';
  for (let i = 0; i < 10; i++) {
    head = crockford[time % 32] + head;
    time = Math.floor(time / 32);
  }
  return `${head}${pick(crockford, 16)}`;
};
const driveId = () => `1${pick(`${ALNUM}_-`, 43)}`;
const MODELS = [
  'claude-3-5-sonnet-20241022',
  'claude-sonnet-4-5',
  'gpt-4o-mini-2024-07-18',
  'gpt-4.1',
  'o3-mini',
  'gemini-2.5-pro-preview-05-06',
  'llama3.1:70b-instruct-q4_K_M',
  'mistral-7b-instruct-v0.2',
  'Qwen2.5-Coder-32B-Instruct',
  'text-embedding-3-large',
  'anthropic.claude-3-5-sonnet-20240620-v1:0',
  'deepseek-r1:14b',
  'meta-llama/Llama-3.3-70B-Instruct',
  'nomic-embed-text',
  'gemma2:27b',
];
const PROSE = [
  "Reads the team's calendar and drafts replies; needs an API key from the settings page.",
  'Search the internal docs (read-only). Token usage is billed to the platform team.',
  'Secrets are loaded from the vault at startup, never from this file.',
  'Use the staging cluster for experiments: https://staging.acme.dev/docs',
];
const PLACEHOLDERS = [
  '<YOUR_TOKEN>',
  'YOUR_API_KEY_HERE',
  '%GITHUB_TOKEN%',
  '${GITHUB_TOKEN}',
  'op://Private/GitHub/token',
  '${input:api-key}',
  'your-token-here',
  'sk-xxxxxxxxxxxxxxxx',
  '<api-key>',
  '$API_KEY',
  '{{ secrets.API_KEY }}',
  'REPLACE_ME',
  '********',
];
const base64 = (text: string) => Buffer.from(text).toString('base64');

/** Values that look like secrets and are not, each in a place it is found in real configs. */
export function benignEntries(): [string, ServerEntry][] {
  const out: [string, ServerEntry][] = [];
  const add = (label: string, e: Partial<ServerEntry>) => out.push([label, entry(e)]);
  for (let i = 0; i < 4; i++) {
    const sha = hex(40);
    add('git SHA under GIT_SHA', { env: { GIT_SHA: sha } });
    add('git SHA after --commit', { args: ['acme-mcp', '--commit', sha] });
    add('git SHA after #', { args: ['-y', `github:acme/mcp-server#${sha}`] });
    add('git SHA in a commit URL', { env: { RELEASE_NOTES: `https://github.com/acme/mcp/commit/${sha}` } });
    add('git SHA after --ref=', { args: ['acme-mcp', `--ref=${sha}`] });
    add('short SHA positional', { args: ['checkout', sha.slice(0, 12)] });
    const drive = driveId();
    add('Drive id under FOLDER_ID', { env: { DRIVE_FOLDER_ID: drive } });
    add('Drive id after --folder-id', { args: ['gdrive-mcp', '--folder-id', drive] });
    add('Drive URL', { args: ['gdrive-mcp', `https://docs.google.com/document/d/${drive}/edit`] });
    const notion = hex(32);
    add('Notion id under PAGE_ID', { env: { NOTION_PAGE_ID: notion } });
    add('Notion URL', { env: { START_PAGE: `https://www.notion.so/acme/Roadmap-${notion}` } });
    add('Notion id after --page-id=', { args: ['notion-mcp', `--page-id=${notion}`] });
    const id = ulid();
    add('ULID under RUN_ID', { env: { RUN_ID: id } });
    add('ULID positional', { args: ['replay', id] });
    add('ULID in a URL path', { url: `https://mcp.acme.dev/runs/${id}/mcp` });
    const u = uuid();
    add('UUID under REQUEST_ID', { env: { REQUEST_ID: u } });
    add('UUID after --workspace-id', { args: ['acme-mcp', '--workspace-id', u] });
    add('UUID under AZURE_TENANT_ID', { env: { AZURE_TENANT_ID: u } });
    add('UUID in a header named as an id', { headers: { 'X-Org-Id': u } });
    add('npm integrity hash', { env: { PACKAGE_INTEGRITY: `sha512-${b64(86)}==` } });
    add('npm integrity positional', { args: ['verify', `sha512-${b64(86)}==`] });
    add('publishable Stripe key', { env: { STRIPE_PUBLISHABLE_KEY: `pk_live_${an(99)}` } });
    add('public PostHog key', { env: { NEXT_PUBLIC_POSTHOG_KEY: `phc_${an(43)}` } });
    add('Google OAuth client id', {
      env: { GOOGLE_CLIENT_ID: `${pick(DIGITS, 12)}-${lan(32)}.apps.googleusercontent.com` },
    });
    add('GitHub App client id', { env: { GITHUB_CLIENT_ID: `Iv1.${hex(16)}` } });
    add('Mapbox public token', { env: { MAPBOX_PUBLIC_TOKEN: `pk.eyJ1IjoiYWNtZSIsImEiOiJ${an(20)}.${url64(22)}` } });
    add('checksum under CHECKSUM', { env: { ARCHIVE_CHECKSUM: hex(64) } });
    add('image digest', { args: ['run', '-i', '--rm', `ghcr.io/acme/mcp@sha256:${hex(64)}`] });
  }
  for (const model of MODELS) {
    add('model name under MODEL', { env: { MODEL: model } });
    add('model name after --model', { args: ['llm-mcp', '--model', model] });
    add('model name positional', { args: ['ollama-mcp', model] });
  }
  for (const text of [
    'Hello from the acme team!',
    '{"mode":"fast","retries":3}',
    'read only access for the docs bot',
    'staging, eu-west-1, blue',
  ]) {
    add('base64 of plain data', { env: { SERVICE_GREETING: base64(text) } });
    add('base64 of plain data positional', { args: ['decode', base64(text)] });
  }
  for (const placeholder of PLACEHOLDERS) {
    add('placeholder under API_KEY', { env: { API_KEY: placeholder } });
    add('placeholder after --api-key=', { args: ['acme-mcp', `--api-key=${placeholder}`] });
    add('placeholder in an Authorization header', { headers: { Authorization: `Bearer ${placeholder}` } });
  }
  const settings: Record<string, string> = {
    TOKEN_LIMIT: '1000000',
    AUTH_TYPE: 'oauth',
    MAX_TOKENS: '4096',
    AUTH_MODE: 'pkce',
    SECRET_NAME: 'prod/db-credentials',
    TOKEN_TTL: '3600',
    PASSWORD_MIN_LENGTH: '12',
    AUTH_PROVIDER: 'github',
    KEYCHAIN_SERVICE: 'acme-mcp',
    SESSION_TIMEOUT: '900',
    API_KEY_HEADER: 'X-Api-Key',
    TOKEN_ENDPOINT: 'https://auth.acme.dev/oauth/token',
    AUTH_ISSUER: 'https://login.acme.dev/',
    SECRET_ENABLED: 'true',
  };
  for (const [name, value] of Object.entries(settings)) add(`setting ${name}`, { env: { [name]: value } });
  const paths: Record<string, string> = {
    GOOGLE_APPLICATION_CREDENTIALS: '/srv/keys/service-account.json',
    SSH_KEY_PATH: '~/.ssh/id_ed25519',
    TOKEN_FILE: '/run/secrets/api_token',
    CLIENT_SECRET_FILE: './config/client_secret.json',
    PRIVATE_KEY: '/etc/acme/keys/signing.pem',
    CREDENTIALS: 'C:\\ProgramData\\Acme\\creds.json',
    SECRETS_DIR: '/var/run/secrets/acme',
    KEY_STORE: '../keystore/acme.p12',
  };
  for (const [name, value] of Object.entries(paths)) add(`file path under ${name}`, { env: { [name]: value } });
  add('--credentials with a path', { args: ['acme-mcp', '--credentials', '/etc/acme/creds.json'] });
  add('--key-file= with a path', { args: ['acme-mcp', '--key-file=./certs/client.key'] });
  add('git remote positional', { args: ['git-mcp', 'git@github.com:acme/platform.git'] });
  add('git remote under REPO', { env: { REPO: 'git@gitlab.com:acme/infra/mcp-tools.git' } });
  for (const text of PROSE) {
    add('prose under DESCRIPTION', { env: { DESCRIPTION: text } });
    add('prose after --description', { args: ['acme-mcp', '--description', text] });
  }
  const ordinary: [string, Partial<ServerEntry>][] = [
    ['port', { args: ['acme-mcp', '--port', '8080'] }],
    ['version under VERSION', { env: { VERSION: '2025.11.11-rc.1' } }],
    ['pinned package', { args: ['-y', '@modelcontextprotocol/server-filesystem@2025.8.21', '/srv/shared'] }],
    ['pinned python package', { command: 'uvx', args: ['mcp-server-fetch==2025.4.7'] }],
    ['plain URL', { url: 'https://mcp.acme.dev/sse?team=core&page=2' }],
    ['localhost URL', { url: 'http://localhost:3000/mcp' }],
    ['API base URL', { env: { GITHUB_API_URL: 'https://api.github.com' } }],
    [
      'Windows command with spaces',
      { command: 'C:\\Program Files\\nodejs\\node.exe', args: ['C:\\tools\\mcp\\index.js'] },
    ],
    [
      'docker pass-through variable',
      {
        command: 'docker',
        args: ['run', '-i', '--rm', '-e', 'GITHUB_PERSONAL_ACCESS_TOKEN', 'ghcr.io/github/github-mcp-server'],
      },
    ],
    [
      'docker ordinary variable',
      { command: 'docker', args: ['run', '-i', '--rm', '--env', 'LOG_LEVEL=debug', 'mcp/postgres:1.2.3'] },
    ],
    ['server name', { name: 'claude-code-router' }],
    ['server name with a number', { name: 'acme-prod-db-02' }],
    ['cwd', { cwd: '/opt/mcp/servers/acme' }],
    ['region', { env: { AWS_REGION: 'eu-west-1' } }],
    ['instance type', { args: ['ec2-mcp', '--instance-type', 'm5.2xlarge'] }],
    ['allowed origins', { args: ['acme-mcp', '--allowed-origins', 'https://app.acme.dev,https://admin.acme.dev'] }],
    ['Accept header', { headers: { Accept: 'application/json, text/event-stream' } }],
    ['User-Agent header', { headers: { 'User-Agent': 'acme-mcp/1.4.2 (+https://acme.dev)' } }],
    [
      'browser User-Agent header',
      {
        headers: {
          'User-Agent':
            'Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/126.0.6478.127 Safari/537.36',
        },
      },
    ],
    ['client product token after --user-agent', { args: ['acme-mcp', '--user-agent', 'python-requests/2.31.0'] }],
    ['cron schedule', { env: { SCHEDULE: '*/15 * * * *' } }],
    ['date format', { env: { DATE_FORMAT: '%Y-%m-%dT%H:%M:%S' } }],
    ['JSON config in env', { env: { SERVER_OPTIONS: '{"timeout":30,"retries":3,"mode":"strict"}' } }],
    ['comma list', { env: { ENABLED_TOOLS: 'search,read_file,list_directory,get_file_info' } }],
    ['camelCase tool name', { args: ['acme-mcp', '--tool', 'getUserProfileById'] }],
    ['target triple', { args: ['--target', 'x86_64-unknown-linux-gnu'] }],
    ['AWS role ARN positional', { args: ['aws-mcp', 'arn:aws:iam::123456789012:role/mcp-reader'] }],
    ['AWS ARN under ROLE', { env: { ASSUME_ROLE: 'arn:aws:iam::210987654321:role/platform/mcp-deployer' } }],
  ];
  for (const [label, e] of ordinary) add(label, e);
  return out;
}
