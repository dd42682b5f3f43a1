import { describe, expect, it } from 'vitest';
import { copyRow } from '../../src/db/copy-text.ts';

describe('COPY text rows', () => {
  it('separate fields by tabs, end with a newline and write NULL as \\N', () => {
    expect(copyRow(['a', null, 3, 2.5, true, false])).toBe('a\t\\N\t3\t2.5\tt\tf\n');
  });

  it('escape the characters COPY reads as structure, and nothing else', () => {
    expect(copyRow(['tab\there', 'line\nbreak', 'cr\rhere', 'back\\slash', 'quote " and ünïcode 🚀'])).toBe(
      'tab\\there\tline\\nbreak\tcr\\rhere\tback\\\\slash\tquote " and ünïcode 🚀\n',
    );
  });

  it('refuse a number PostgreSQL would not read back as written', () => {
    expect(() => copyRow([Number.NaN])).toThrow(/NaN/);
    expect(() => copyRow([Number.POSITIVE_INFINITY])).toThrow(/Infinity/);
  });
});
