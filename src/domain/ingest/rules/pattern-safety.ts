import { UserInputError } from '../../../errors.ts';

const MAX_PATTERN_LENGTH = 500;

/**
 * Refuses patterns that do not compile, and the shapes that make backtracking engines explode:
 * a quantified group that itself contains a quantifier ((a+)+, (a|aa)*, (.*)*) and backreferences.
 */
export function compileSafeRegex(pattern: string, argument: string, flags = ''): RegExp {
  if (pattern.length > MAX_PATTERN_LENGTH) throw new UserInputError(`${argument}: patterns are limited to ${MAX_PATTERN_LENGTH} characters`, argument);
  let regex: RegExp;
  try {
    regex = new RegExp(pattern, flags);
  } catch (error) {
    throw new UserInputError(`${argument}: the regular expression does not compile (${(error as Error).message})`, argument);
  }
  if (/\\[1-9]/.test(pattern)) throw new UserInputError(`${argument}: backreferences are not allowed`, argument);
  // A group containing a quantifier, followed by a quantifier: the nested-repetition shape.
  if (/\((?:[^()\\]|\\.)*[+*}](?:[^()\\]|\\.)*\)\s*(?:[+*]|\{\d+,?\d*\})/.test(pattern) || /\((?:[^()]*\|[^()]*)\)[+*]/.test(pattern)) {
    throw new UserInputError(`${argument}: nested repetition such as (a+)+ can take exponential time; rewrite the pattern`, argument);
  }
  return regex;
}

/** `/api/*\/orders`: `*` within a segment, `**` across segments, `?` one character; as regex source (also for SQL `~`). */
export function globToRegexSource(glob: string): string {
  let out = '^';
  for (let i = 0; i < glob.length; i++) {
    const ch = glob[i]!;
    if (ch === '*' && glob[i + 1] === '*') {
      out += '.*';
      i++;
    } else if (ch === '*') out += '[^/]*';
    else if (ch === '?') out += '[^/]';
    else out += ch.replace(/[.+^${}()|[\]\\]/g, '\\$&');
  }
  return `${out}$`;
}

export function globToRegExp(glob: string): RegExp {
  return new RegExp(globToRegexSource(glob));
}
