import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { replaceWithinBudget, SLICE_CHARS } from '../../../../src/domain/ingest/rules/budgeted-replace.ts';

const RUNS = Number(process.env.PROPERTY_RUNS ?? 200);
const NO_DEADLINE = Number.POSITIVE_INFINITY;

describe('replacing within a time budget', () => {
  it('gives what String.replace gives, on texts longer than a slice, for matches shorter than the slice overlap', () => {
    const text = fc
      .array(fc.constantFrom('a', 'b', 'ab', '@', '.', ' ', 'xyz'), { minLength: 0, maxLength: 3 * SLICE_CHARS })
      .map((parts) => parts.join(''));
    fc.assert(
      fc.property(text, (input) => {
        const pattern = /a{1,40}b/g;
        const result = replaceWithinBudget(input, pattern, (match) => `<${match.length}>`, NO_DEADLINE);
        expect(result).toEqual({
          complete: true,
          text: input.replace(pattern, (match) => `<${match.length}>`),
          matches: input.match(pattern)?.length ?? 0,
        });
      }),
      { numRuns: RUNS },
    );
  });

  it('finds a match that straddles two slices whole', () => {
    const text = `${'x'.repeat(SLICE_CHARS - 3)}secret-value${'x'.repeat(SLICE_CHARS)}`;
    const result = replaceWithinBudget(text, /secret-value/g, () => '[M]', NO_DEADLINE);
    expect(result).toMatchObject({ complete: true, matches: 1 });
  });

  it('stops, and says so, once the deadline has passed', () => {
    expect(replaceWithinBudget('a'.repeat(10 * SLICE_CHARS), /a/g, () => 'b', performance.now() - 1)).toEqual({
      complete: false,
    });
  });

  it('bounds a quadratic pattern on 64 KB to about its budget', () => {
    const started = performance.now();
    const result = replaceWithinBudget('a'.repeat(65_536), /[a-z]+@/g, () => 'x', performance.now() + 10);
    expect(result.complete).toBe(false);
    expect(performance.now() - started).toBeLessThan(50);
  });
});
