import { randomBytes, randomInt } from 'node:crypto';

const ALNUM = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789';
const pick = (alphabet: string, n: number) =>
  Array.from({ length: n }, () => alphabet[randomInt(alphabet.length)]).join('');
const alnum = (n: number) => pick(ALNUM, n);
const upperNum = (n: number) => pick('ABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789', n);
const hex = (n: number) =>
  randomBytes(Math.ceil(n / 2))
    .toString('hex')
    .slice(0, n);
const b64url = (n: number) => pick(`${ALNUM}_-`, n);
const b64 = (n: number) => pick(`${ALNUM}+/`, n);

/**
 * One fake credential of each format the sanitizer must catch, made fresh at test time (never committed),
 * with the placeholder it must become. `secret` is the part that must never appear in any output.
 */
export function fakeSecrets(): { format: string; value: string; secret: string }[] {
  const list: [string, string, string?][] = [
    ['aws-access-key-id', `AKIA${upperNum(16)}`],
    ['aws-secret-in-assignment', `aws_secret_access_key=${b64(40)}`],
    ['github-classic', `ghp_${alnum(36)}`],
    ['github-oauth', `gho_${alnum(36)}`],
    ['github-fine-grained', `github_pat_${alnum(22)}_${alnum(59)}`],
    ['gitlab', `glpat-${b64url(20)}`],
    ['stripe-live-secret', `sk_live_${alnum(24)}`],
    ['stripe-test-restricted', `rk_test_${alnum(24)}`],
    ['stripe-webhook', `whsec_${alnum(32)}`],
    ['openai-project', `sk-proj-${b64url(48)}`],
    ['openai-legacy', `sk-${alnum(20)}T3BlbkFJ${alnum(20)}`],
    // The marker form with '-' and '_' in it, which only the T3BlbkFJ marker tells from other 'sk-' text.
    ['openai-marker', `sk-None-${b64url(40)}T3BlbkFJ${b64url(40)}`],
    // '-' in the body makes '-sk-' turn up inside some keys by chance, near the marker or far before it.
    ['openai-marker-inner-sk-near', `sk-None-${b64url(30)}-sk-${b64url(10)}T3BlbkFJ${b64url(40)}`],
    ['openai-marker-inner-sk-far', `sk-None-${b64url(30)}-sk-${b64url(24)}T3BlbkFJ${b64url(40)}`],
    ['anthropic', `sk-ant-api03-${b64url(93)}AA`],
    ['google-api-key', `AIza${b64url(35)}`],
    ['google-oauth-secret', `GOCSPX-${b64url(28)}`],
    ['slack-bot', `xoxb-${randomInt(1e9, 9e9)}-${randomInt(1e9, 9e9)}-${alnum(24)}`],
    ['slack-webhook', `https://hooks.slack.com/services/T${upperNum(8)}/B${upperNum(8)}/${alnum(24)}`],
    ['discord-bot', `M${alnum(23)}.${b64url(6)}.${b64url(27)}`],
    ['telegram-bot', `${randomInt(100000000, 999999999)}:AA${b64url(33)}`],
    ['twilio-api-key', `SK${hex(32)}`],
    ['sendgrid', `SG.${b64url(22)}.${b64url(43)}`],
    ['mailgun', `key-${hex(32)}`],
    ['npm', `npm_${alnum(36)}`],
    ['pypi', `pypi-AgEIcHlwaS5vcmc${b64url(60)}`],
    ['docker-hub', `dckr_pat_${b64url(27)}`],
    ['huggingface', `hf_${alnum(34)}`],
    ['groq', `gsk_${alnum(52)}`],
    ['replicate', `r8_${alnum(37)}`],
    ['linear', `lin_api_${alnum(40)}`],
    ['notion', `ntn_${alnum(46)}`],
    ['shopify', `shpat_${hex(32)}`],
    ['digitalocean', `dop_v1_${hex(64)}`],
    ['supabase', `sbp_${hex(40)}`],
    ['jwt', `eyJ${b64url(20)}.eyJ${b64url(40)}.${b64url(43)}`],
    ['pem-private-key', `-----BEGIN RSA PRIVATE KEY-----\n${b64(64)}\n${b64(64)}\n-----END RSA PRIVATE KEY-----`],
    ['postgres-url', `postgresql://admin:${alnum(16)}@db.internal:5432/app`],
    ['mysql-url', `mysql://root:${alnum(14)}@10.0.0.5:3306/shop`],
    ['mongodb-url', `mongodb+srv://svc:${alnum(18)}@cluster0.example.mongodb.net/prod`],
    ['redis-url', `redis://default:${alnum(20)}@cache.internal:6379/0`],
    ['amqp-url', `amqps://worker:${alnum(12)}@mq.internal:5671/vhost`],
    ['jdbc-password', `jdbc:postgresql://db.internal:5432/app?user=svc&password=${alnum(15)}`],
    [
      'azure-storage',
      `DefaultEndpointsProtocol=https;AccountName=acct${hex(6)};AccountKey=${b64(86)}==;EndpointSuffix=core.windows.net`,
    ],
    ['bearer', `Bearer ${b64url(40)}`],
    ['basic', `Basic ${b64(24)}`],
  ];
  return list.map(([format, value]) => ({ format, value, secret: secretPart(format, value) }));
}

/** The part of a value that is secret (a URL's password, a header's credential, or the whole value). */
function secretPart(format: string, value: string): string {
  if (format.endsWith('-url')) return /:\/\/[^:]+:([^@]+)@/.exec(value)![1]!;
  if (format === 'jdbc-password') return /password=([^&]+)/.exec(value)![1]!;
  if (format === 'azure-storage') return /AccountKey=([^;]+)/.exec(value)![1]!;
  if (format === 'bearer' || format === 'basic') return value.split(' ')[1]!;
  if (format === 'aws-secret-in-assignment') return value.split('=')[1]!;
  return value;
}
