import { UserInputError } from '../../../errors.ts';
import { superLinearBacktracking } from './backtracking-analysis.ts';

const MAX_PATTERN_LENGTH = 500;

/**
 * Refuses, when a rule is written, patterns that do not compile, backreferences, and the shapes that make
 * backtracking engines take super-linear time (see superLinearBacktracking), naming the problem.
 */
export function compileSafeRegex(pattern: string, argument: string, flags = ''): RegExp {
  if (pattern.length > MAX_PATTERN_LENGTH)
    throw new UserInputError(`${argument}: patterns are limited to ${MAX_PATTERN_LENGTH} characters`, argument);
  let regex: RegExp;
  try {
    regex = new RegExp(pattern, flags);
  } catch (error) {
    throw new UserInputError(
      `${argument}: the regular expression does not compile (${(error as Error).message})`,
      argument,
    );
  }
  if (/\\[1-9]|\\k</.test(pattern)) throw new UserInputError(`${argument}: backreferences are not allowed`, argument);
  assertLinearBacktracking(regex, argument);
  return regex;
}

/** Refuses a pattern (a rule's regex, or the one a glob becomes) whose backtracking can be super-linear. */
export function assertLinearBacktracking(regex: RegExp, argument: string): void {
  const problem = superLinearBacktracking(regex);
  if (problem) throw new UserInputError(`${argument}: ${problem}; rewrite the pattern`, argument);
}

/**
 * A stored rule's pattern at ingest: compiled without the write-time analysis, so a rule accepted under
 * older checks still runs (within the ingest time budget) instead of failing every batch; null if it no
 * longer compiles, and the rule is skipped.
 */
export function compileRulePattern(pattern: string, flags = ''): RegExp | null {
  try {
    return new RegExp(pattern, flags);
  } catch {
    return null;
  }
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
