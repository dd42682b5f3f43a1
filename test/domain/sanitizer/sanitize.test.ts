import { describe, expect, it } from 'vitest';
import { sanitizeJson, sanitizeNamedValue, sanitizeText } from '../../../src/domain/sanitizer/sanitize.ts';
import { DETECTORS } from '../../../src/domain/sanitizer/detectors.ts';
import { fakeSecrets } from '../../helpers/fake-secrets.ts';

describe('the sanitizer', () => {
  it('has at least 30 detectors', () => {
    expect(DETECTORS.length).toBeGreaterThanOrEqual(30);
  });

  it.each(fakeSecrets().map((s) => [s.format, s] as const))(
    'redacts a %s in free text, args, env, headers, urls and paths',
    (_format, fake) => {
      const places = {
        text: sanitizeText(`connect with ${fake.value} please`).value,
        arg: JSON.stringify(sanitizeJson(['--flag', fake.value, `--config=${fake.value}`]).value),
        env: JSON.stringify(sanitizeJson({ SERVICE_SETTING: fake.value }).value),
        header: JSON.stringify(sanitizeJson({ 'X-Custom': fake.value }).value),
        url: sanitizeText(`https://api.example.com/hook?value=${encodeURIComponent(fake.value)}&x=1`).value,
        cwd: sanitizeText(`/srv/app/${fake.value.replace(/\n/g, '')}`).value,
      };
      for (const [place, output] of Object.entries(places)) {
        if (place === 'url' && /\s|\n/.test(fake.value)) continue; // a key block never fits in a URL
        if (place === 'cwd' && fake.format === 'pem-private-key') continue;
        expect(output, `${fake.format} in ${place}: ${output}`).not.toContain(fake.secret.replace(/\n/g, ''));
        expect(output).toMatch(/\[REDACTED_[A-Z_]+\]/);
      }
    },
  );

  it.each(['x-openai-', '--api-key-'])(
    "redacts an OpenAI marker-form key right after a '-', as in '%s' + key",
    (before) => {
      const key = fakeSecrets().find((s) => s.format === 'openai-marker')!.value;
      expect(sanitizeText(`${before}${key}`).value).toBe(`${before}[REDACTED_API_KEY]`);
    },
  );

  it.each(['openai-marker-inner-sk-near', 'openai-marker-inner-sk-far'])(
    "redacts the whole of an OpenAI marker-form key holding '-sk-' (%s)",
    (format) => {
      const key = fakeSecrets().find((s) => s.format === format)!.value;
      expect(sanitizeText(`upstream key ${key} in use`).value).toBe('upstream key [REDACTED_API_KEY] in use');
    },
  );

  it("uses the seed's placeholders", () => {
    const [stripe, aws, pg] = [
      `sk_live_${'a1B2'.repeat(6)}`,
      `AKIA${'ABCD2345'.repeat(2)}`,
      'postgresql://user:pass@host/db',
    ];
    expect(sanitizeText(stripe).value).toBe('[REDACTED_API_KEY]');
    expect(sanitizeText(aws).value).toBe('[REDACTED_AWS_KEY]');
    expect(sanitizeText(pg).value).toBe('[REDACTED_CONNECTION_STRING]');
    expect(sanitizeText('/Users/john/projects').value).toBe('/Users/[REDACTED_PII]/projects');
    expect(sanitizeNamedValue('DB_PASSWORD', 'mypassword123').value).toBe('[REDACTED_PASSWORD]');
    expect(sanitizeNamedValue('GITHUB_TOKEN', 'anything-at-all').value).toBe('[REDACTED_TOKEN]');
  });

  it('redacts -e KEY=VALUE and --header "X-Key: value" inside args, and the value after --token', () => {
    const out = sanitizeJson([
      '-e',
      'OPENAI_API_KEY=plain-value-123',
      '--header',
      'X-Api-Key: value-4567890',
      '--token',
      'tok-abcdef',
    ]).value as string[];
    expect(out).toEqual([
      '-e',
      'OPENAI_API_KEY=[REDACTED_API_KEY]',
      '--header',
      'X-Api-Key: [REDACTED_API_KEY]',
      '--token',
      '[REDACTED_TOKEN]',
    ]);
  });

  it('removes PII from macOS, Linux and Windows home paths and emails', () => {
    expect(sanitizeText('/home/alice/code').value).toBe('/home/[REDACTED_PII]/code');
    expect(sanitizeText('C:\\Users\\bob\\AppData').value).toBe('C:\\Users\\[REDACTED_PII]\\AppData');
    expect(sanitizeText('C:/Users/bob/AppData').value).toBe('C:/Users/[REDACTED_PII]/AppData');
    expect(sanitizeText('/data/exports/jane.doe@example.com/report.csv').value).toBe(
      '/data/exports/[REDACTED_PII]/report.csv',
    );
    // Windows folders in any case, and JSON-escaped backslashes, pass the quick check that skips the patterns.
    expect(sanitizeText('d:\\users\\bob\\x').value).toBe('d:\\users\\[REDACTED_PII]\\x');
    expect(sanitizeText('"C:\\\\USERS\\\\bob\\\\x"').value).toBe('"C:\\\\USERS\\\\[REDACTED_PII]\\\\x"');
    expect(sanitizeText('https://api.example.com/api/users/42/home').value).toBe(
      'https://api.example.com/api/users/42/home',
    );
  });

  it('leaves references to secrets visible', () => {
    const config = {
      env: {
        GITHUB_TOKEN: '${input:github-token}',
        API_KEY: '${env:API_KEY}',
        PASSWORD: '${DB_PASSWORD}',
        SECRET: '$SECRET',
      },
      headers: { Authorization: 'Bearer ${input:token}' },
    };
    expect(sanitizeJson(config)).toEqual({ value: config, redactions: 0 });
  });

  it('leaves ordinary values alone (false positives measured)', () => {
    const ordinary = {
      command: 'npx',
      args: ['-y', '@modelcontextprotocol/server-filesystem', '/srv/shared/projects', '--port', '8080', 'v1.2.3'],
      env: {
        NODE_ENV: 'production',
        GITHUB_API_URL: 'https://api.github.com',
        MAX_TOKENS: '4096',
        LOG_LEVEL: 'debug',
        REQUEST_ID: '550e8400-e29b-41d4-a716-446655440000',
        AUTH_URL: 'https://auth.example.com/oauth/authorize',
        KEYBOARD_LAYOUT: 'us',
        CACHE_DIR: '/var/cache/app',
        GIT_SHA: '3f786850e387550fdab836ed7e6dc881de23001b',
      },
      url: 'https://mcp.example.com/sse?team=core',
      cwd: '/opt/mcp/servers',
      version: '2025.11.11-rc.1',
      package: '@scope/pkg-name_with.dots',
    };
    expect(sanitizeJson(ordinary)).toEqual({ value: ordinary, redactions: 0 });
  });

  it('is idempotent: a second pass changes and counts nothing', () => {
    const once = sanitizeJson({
      env: { API_KEY: `sk_live_${'x9'.repeat(12)}` },
      args: ['/Users/kim/x', 'postgres://a:b@c/d'],
    });
    expect(sanitizeJson(once.value)).toEqual({ value: once.value, redactions: 0 });
  });
});
