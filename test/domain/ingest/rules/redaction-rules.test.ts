import { describe, expect, it } from 'vitest';
import {
  BODY_WITHHELD,
  compileRedactionRules,
  type Maskable,
} from '../../../../src/domain/ingest/rules/redaction-rules.ts';

type RuleInput = Parameters<typeof compileRedactionRules>[0][number];

const rule = (
  id: string,
  target: RuleInput['target'],
  selector: string,
  maskStyle: RuleInput['maskStyle'] = 'placeholder',
): RuleInput => ({
  id,
  target,
  selector,
  maskStyle,
  placeholder: '[MASKED]',
  bucketIds: [],
});

const maskable = (overrides: Partial<Maskable>): Maskable => ({
  bucketId: 'b1',
  url: 'https://api.example.com/v1/x',
  query: null,
  requestHeaders: {},
  responseHeaders: {},
  requestBody: null,
  responseBody: null,
  maskedHeaders: new Set(),
  ...overrides,
});

function apply(rules: RuleInput[], record: Maskable): Map<string, number> {
  const hits = new Map<string, number>();
  compileRedactionRules(rules)(record, hits, { cutBody: (text) => text, deadline: Number.POSITIVE_INFINITY });
  return hits;
}

describe('redaction rules', () => {
  it('find a query parameter whose name is percent-encoded', () => {
    const record = maskable({
      url: 'https://api.example.com/v1/x?api%5Fkey=s3cr3t&page=2',
      query: 'api%5Fkey=s3cr3t&page=2',
    });
    expect(apply([rule('q', 'query_param', 'api_key', 'partial')], record)).toEqual(new Map([['q', 1]]));
    expect(record.query).toBe('api_key=****cr3t&page=2');
    expect(record.url).toBe(`https://api.example.com/v1/x?${record.query}`);
  });

  it('mask a field by array index, through a wildcard, and under a JSON-escaped key', () => {
    const record = maskable({
      requestBody: JSON.stringify(['first', 'second']),
      responseBody: '{"items":[{"token":"t1"},{"token":"t2"}],"card":{"\\u006eumber":"4242424242424242"}}',
    });
    const hits = apply(
      [
        rule('card', 'body_field', 'card.number', 'partial'),
        rule('index', 'body_field', '0'),
        rule('all', 'body_field', 'items.*.token'),
      ],
      record,
    );
    expect(hits).toEqual(
      new Map([
        ['card', 1],
        ['index', 1],
        ['all', 2],
      ]),
    );
    expect(JSON.parse(record.requestBody!)).toEqual(['[MASKED]', 'second']);
    expect(JSON.parse(record.responseBody!)).toEqual({
      items: [{ token: '[MASKED]' }, { token: '[MASKED]' }],
      card: { number: '****4242' },
    });
  });

  it('let a pattern rule see what a field rule before it wrote, and leave untouched bodies byte for byte', () => {
    const untouched = '{ "spaced" : "as sent" }';
    const record = maskable({
      requestBody: '{"user":{"email":"a@b.co"},"note":"call a@b.co"}',
      responseBody: untouched,
    });
    apply(
      [rule('field', 'body_field', 'user.email'), rule('pattern', 'body_pattern', '\\[MASKED\\]|a@b\\.co', 'hash')],
      record,
    );
    const body = JSON.parse(record.requestBody!) as { user: { email: string }; note: string };
    expect(body.user.email).toMatch(/^sha256:[0-9a-f]{16}$/);
    expect(body.note).toMatch(/^call sha256:[0-9a-f]{16}$/);
    expect(record.responseBody).toBe(untouched);
  });

  it('mask headers by name whatever their case and remember them for the sanitizer', () => {
    const record = maskable({
      requestHeaders: { Authorization: 'Bearer x' },
      responseHeaders: { 'set-cookie': 'a=b' },
    });
    apply([rule('auth', 'header', 'authorization'), rule('cookie', 'header', 'Set-Cookie', 'partial')], record);
    expect(record.requestHeaders).toEqual({ Authorization: '[MASKED]' });
    expect(record.responseHeaders).toEqual({ 'set-cookie': '****' });
    expect([...record.maskedHeaders]).toEqual(['authorization', 'set-cookie']);
  });

  it('withhold a body whose pattern rules run out of time rather than store it unmasked', () => {
    const record = maskable({ requestBody: 'a'.repeat(65_536), responseBody: 'short' });
    const started = performance.now();
    const { withheld } = compileRedactionRules([rule('slow', 'body_pattern', '[a-z]+@')])(record, new Map(), {
      cutBody: (text) => text,
      deadline: performance.now() + 10,
    });
    expect(performance.now() - started).toBeLessThan(50);
    expect(withheld).toBe(true);
    expect(record.requestBody).toBe(BODY_WITHHELD);
  });

  it('run field rules on the whole body and pattern rules on the cut one', () => {
    const body = JSON.stringify({ pad: 'x'.repeat(100), card: { number: '4242424242424242' } });
    const record = maskable({ requestBody: body });
    const seen: string[] = [];
    apply([rule('card', 'body_field', 'card.number', 'partial'), rule('pad', 'body_pattern', 'x+')], record);
    compileRedactionRules([rule('card', 'body_field', 'card.number', 'partial'), rule('pad', 'body_pattern', 'x{5}')])(
      maskable({ requestBody: body }),
      new Map(),
      {
        cutBody: (text) => (seen.push(text), text.slice(0, 20)),
        deadline: Number.POSITIVE_INFINITY,
      },
    );
    expect(JSON.parse(record.requestBody!).card.number).toBe('****4242');
    expect(seen).toHaveLength(1);
    expect(seen[0]).toContain('****4242');
  });
});
