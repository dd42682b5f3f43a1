import { randomBytes } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import {
  sanitizeJson,
  sanitizeNamedValue,
  sanitizeText,
  sanitizeValue,
} from '../../../src/domain/sanitizer/sanitize.ts';

// A credential of no known format, fresh each run.
const secret = () => randomBytes(24).toString('base64url');

describe('the sanitizer by place', () => {
  it('hides the value after a neutral flag in both --flag value and --flag=value forms', () => {
    const s = secret();
    expect(sanitizeJson(['--upstream', s, `--connect=${s}`]).value).toEqual([
      '--upstream',
      '[REDACTED_TOKEN]',
      '--connect=[REDACTED_TOKEN]',
    ]);
  });

  it('hides a credential-like header value after --header or -H whatever the header name, keeping the name', () => {
    const s = secret();
    expect(sanitizeJson(['--header', `X-Tenant-Context: ${s}`, '-H', `Shop:${s}`]).value).toEqual([
      '--header',
      'X-Tenant-Context: [REDACTED_TOKEN]',
      '-H',
      'Shop:[REDACTED_TOKEN]',
    ]);
  });

  it('keeps a non-Bearer scheme and hides the credential after it', () => {
    const s = secret();
    expect(sanitizeText(`Authorization: FlyV1 ${s}`).value).toBe('Authorization: FlyV1 [REDACTED_TOKEN]');
    expect(sanitizeJson({ 'X-Upstream': `token ${s}` }).value).toEqual({ 'X-Upstream': 'token [REDACTED_TOKEN]' });
  });

  it('judges docker -e and --env values by the variable name and the value shape', () => {
    const s = secret();
    expect(
      sanitizeJson(['run', '-e', `UPSTREAM=${s}`, '--env', 'LOG_LEVEL=debug', '-e', 'GITHUB_TOKEN']).value,
    ).toEqual(['run', '-e', 'UPSTREAM=[REDACTED_TOKEN]', '--env', 'LOG_LEVEL=debug', '-e', 'GITHUB_TOKEN']);
  });

  it('judges JSON inside a string value field by field', () => {
    const s = secret();
    const out = sanitizeJson({ OPTIONS: JSON.stringify({ endpoint: 'https://api.example.com', value: s, retries: 3 }) })
      .value as Record<string, string>;
    expect(JSON.parse(out.OPTIONS!)).toEqual({
      endpoint: 'https://api.example.com',
      value: '[REDACTED_TOKEN]',
      retries: 3,
    });
  });

  it('hides secrets in URL path segments, query values under id-like names and user names', () => {
    const s = secret();
    expect(sanitizeValue(`https://mcp.example.com/api/mcp/s/${s}/mcp`).value).toBe(
      'https://mcp.example.com/api/mcp/s/[REDACTED_TOKEN]/mcp',
    );
    expect(sanitizeValue(`https://mcp.example.com/mcp?customerId=${s}&team=core`).value).toBe(
      'https://mcp.example.com/mcp?customerId=[REDACTED_TOKEN]&team=core',
    );
    const userinfo = sanitizeValue(`https://${s}@git.example.com/org/repo.git`).value;
    expect(userinfo).not.toContain(s);
    expect(userinfo).toMatch(/^https:\/\/\[REDACTED_[A-Z]+\].*\/org\/repo\.git$/);
  });

  it('masks the first parameter of a form-encoded body', () => {
    expect(sanitizeText('token=plain-value-123&user=ana').value).toBe('token=[REDACTED_TOKEN]&user=ana');
  });

  it('removes the user name from a UNC path to a home folder', () => {
    expect(sanitizeText('\\\\fileserver\\Users\\alice\\mcp').value).toBe('\\\\fileserver\\Users\\[REDACTED_PII]\\mcp');
  });

  it('leaves references, placeholders, settings and file paths under secret-sounding names visible', () => {
    for (const [name, value] of [
      ['API_KEY', '<YOUR_TOKEN>'],
      ['API_KEY', 'YOUR_API_KEY_HERE'],
      ['API_KEY', '%API_KEY%'],
      ['API_KEY', 'op://Private/Api/key'],
      ['TOKEN_LIMIT', '1000000'],
      ['AUTH_TYPE', 'oauth'],
      ['GOOGLE_APPLICATION_CREDENTIALS', '/srv/keys/sa.json'],
      ['STRIPE_PUBLISHABLE_KEY', `pk_live_${'a1B2'.repeat(6)}`],
    ] as const) {
      expect(sanitizeNamedValue(name, value), `${name}=${value}`).toEqual({ value, redactions: 0 });
    }
  });

  it('judges values under identifier names by known formats only (a commit SHA stays, a token does not)', () => {
    const sha = randomBytes(20).toString('hex');
    expect(sanitizeNamedValue('GIT_SHA', sha).value).toBe(sha);
    expect(sanitizeNamedValue('SERVICE_SETTING', sha).value).toBe('[REDACTED_TOKEN]');
    expect(sanitizeNamedValue('BUILD_ID', `ghp_${'a1B2c3'.repeat(6)}`).value).toBe('[REDACTED_TOKEN]');
  });

  it('keeps a pinned reference and a git remote as they are', () => {
    const sha = randomBytes(20).toString('hex');
    expect(sanitizeJson(['-y', `github:acme/server#${sha}`, 'git@github.com:acme/repo.git']).value).toEqual([
      '-y',
      `github:acme/server#${sha}`,
      'git@github.com:acme/repo.git',
    ]);
  });
});
