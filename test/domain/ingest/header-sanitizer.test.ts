import { describe, expect, it } from 'vitest';
import { sanitizeHeaders } from '../../../src/domain/ingest/header-sanitizer.ts';

describe('sanitizeHeaders', () => {
  it('judges values by header name, the same way every time a value repeats', () => {
    const headers = {
      'content-type': 'application/json',
      'x-api-key': 'k-123456789',
      authorization: 'Bearer abcdefghijklmnop',
    };
    const first = sanitizeHeaders(headers, new Set());
    expect(first).toEqual({
      'content-type': 'application/json',
      'x-api-key': '[REDACTED_API_KEY]',
      authorization: '[REDACTED_TOKEN]',
    });
    expect(sanitizeHeaders(headers, new Set())).toEqual(first);
  });

  it('keeps what a redaction rule wrote in the headers it masked, whatever their case', () => {
    expect(sanitizeHeaders({ Authorization: '****mnop' }, new Set(['authorization']))).toEqual({
      Authorization: '****mnop',
    });
  });

  it('still redacts a secret under a name whose clean values it has seen before', () => {
    sanitizeHeaders({ 'x-note': 'hello' }, new Set());
    expect(sanitizeHeaders({ 'x-note': `ghp_${'a1B2'.repeat(9)}` }, new Set())['x-note']).toBe('[REDACTED_TOKEN]');
  });
});
