import { UserInputError } from '../../../errors.ts';
import { assertLinearBacktracking, compileSafeRegex, globToRegExp } from './pattern-safety.ts';

export interface RedactionRuleFields {
  target: 'header' | 'query_param' | 'body_field' | 'body_pattern';
  selector: string;
}

export interface ExclusionRuleFields {
  method?: string | null;
  host?: string | null;
  pathPattern?: string | null;
  pathPatternKind?: 'glob' | 'regex';
  userAgentContains?: string | null;
  status?: number | null;
}

/** A redaction rule that could never run, or could run forever, is refused when it is written. */
export function validateRedactionRule(rule: RedactionRuleFields): void {
  const selector = rule.selector.trim();
  if (selector === '') throw new UserInputError('selector must not be empty', 'selector');
  if (rule.target === 'body_pattern') compileSafeRegex(selector, 'selector', 'g');
  if (rule.target === 'body_field' && !/^[^.\s]+(\.[^.\s]+)*$/.test(selector)) {
    throw new UserInputError('selector must be a field path such as card.number or items.*.token', 'selector');
  }
  if ((rule.target === 'header' || rule.target === 'query_param') && /[\s:=&]/.test(selector)) {
    throw new UserInputError(
      `selector must be a bare ${rule.target === 'header' ? 'header' : 'parameter'} name`,
      'selector',
    );
  }
}

/** An exclusion rule needs at least one condition: an empty one would drop every request. */
export function validateExclusionRule(rule: ExclusionRuleFields): void {
  const conditions = [rule.method, rule.host, rule.pathPattern, rule.userAgentContains, rule.status].filter(
    (v) => v !== null && v !== undefined && v !== '',
  );
  if (conditions.length === 0)
    throw new UserInputError(
      'an exclusion rule needs at least one condition (method, host, pathPattern, userAgentContains or status)',
      'input',
    );
  if (rule.method && !/^[A-Za-z]{1,16}$/.test(rule.method))
    throw new UserInputError('method must be an HTTP method', 'method');
  if (rule.status !== null && rule.status !== undefined && (rule.status < 100 || rule.status > 599))
    throw new UserInputError('status must be from 100 to 599', 'status');
  if (rule.pathPattern && rule.pathPatternKind === 'regex') compileSafeRegex(rule.pathPattern, 'pathPattern');
  // A glob becomes a regex too: `**a**a**b` is the adjacent-quantifier shape.
  else if (rule.pathPattern) assertLinearBacktracking(globToRegExp(rule.pathPattern), 'pathPattern');
}
