/**
 * Rule patterns are written by users, and the analysis at write time refuses the exponential shapes but
 * not every quadratic one (an unanchored `.*x` retried from each position). A JavaScript regex cannot be
 * interrupted, so a long text is matched a slice at a time: one exec costs at most what a slice costs,
 * and the deadline is checked between slices.
 */
export const SLICE_CHARS = 2048;
/** A match may be at most this long when the text is sliced (a match is never cut: it is found whole or not at all). */
export const MAX_SLICED_MATCH_CHARS = 512;

export type BudgetedReplacement = { complete: true; text: string; matches: number } | { complete: false };

/**
 * `text.replace(pattern, replace)` for a global pattern, within a deadline (a `performance.now()` value).
 * Texts up to SLICE_CHARS are matched whole, as `replace` would. Longer texts are matched a slice at a
 * time: a match must end inside its slice, so a match reaching the slice's end is tried again from its
 * start, and `^`, `$` and lookbehind see slice edges as text edges. Empty matches are not replaced.
 */
export function replaceWithinBudget(
  text: string,
  pattern: RegExp,
  replace: (match: string) => string,
  deadline: number,
): BudgetedReplacement {
  let matches = 0;
  const substitute = (match: string) => {
    if (match === '') return match;
    matches++;
    return replace(match);
  };
  if (text.length <= SLICE_CHARS) {
    if (performance.now() > deadline) return { complete: false };
    pattern.lastIndex = 0;
    return { complete: true, text: text.replace(pattern, substitute), matches };
  }
  const out: string[] = [];
  let position = 0;
  while (position < text.length) {
    if (performance.now() > deadline) return { complete: false };
    const end = Math.min(text.length, position + SLICE_CHARS);
    const slice = text.slice(position, end);
    const atTextEnd = end === text.length;
    pattern.lastIndex = 0;
    const found = pattern.exec(slice);
    if (!found) {
      // A match starting in the last MAX_SLICED_MATCH_CHARS might continue past the slice: look again from there.
      const next = atTextEnd ? end : end - MAX_SLICED_MATCH_CHARS;
      out.push(text.slice(position, next));
      position = next;
      continue;
    }
    const matchEnd = found.index + found[0].length;
    if (!atTextEnd && matchEnd === slice.length && found.index > 0) {
      // The match touches the slice's end and may be longer: start the next slice where it starts.
      out.push(text.slice(position, position + found.index));
      position += found.index;
      continue;
    }
    out.push(text.slice(position, position + found.index));
    if (found[0] === '') {
      out.push(text.charAt(position + found.index));
      position += found.index + 1;
    } else {
      out.push(substitute(found[0]));
      position += matchEnd;
    }
  }
  return { complete: true, text: out.join(''), matches };
}
