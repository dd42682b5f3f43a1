import { describe, expect, it } from 'vitest';
import { storableHeaders, storableText } from '../../../src/domain/ingest/storable-text.ts';

describe('storable text', () => {
  it('replaces NUL and unpaired surrogates with U+FFFD and leaves everything else alone', () => {
    expect(storableText('a\u0000b')).toBe('a\uFFFDb');
    expect(storableText('x\ud800y\udc00')).toBe('x\uFFFDy\uFFFD');
    const fine = 'plain ✓ 😀 text';
    expect(storableText(fine)).toBe(fine);
  });

  it('fixes header names and values, and returns the same object when nothing needed fixing', () => {
    const clean = { accept: '*/*' };
    expect(storableHeaders(clean)).toBe(clean);
    expect(storableHeaders({ 'x-a\u0000': 'v\ud800' })).toEqual({ 'x-a\uFFFD': 'v\uFFFD' });
  });
});
