import type { ExclusionRule } from '../../../generated/prisma/client.ts';
import { compileRulePattern, globToRegExp } from './pattern-safety.ts';

export interface ExclusionCandidate {
  bucketId: string;
  method: string;
  host: string;
  path: string;
  userAgent: string | null;
  status: number;
}

type Rule = Pick<
  ExclusionRule,
  'id' | 'method' | 'host' | 'pathPattern' | 'pathPatternKind' | 'userAgentContains' | 'status'
> & { bucketIds: string[] };

/** Compiles enabled exclusion rules once per batch; a record is excluded by the first rule whose every condition matches. */
export function compileExclusionRules(rules: readonly Rule[]) {
  const compiled = rules.map((rule) => ({
    rule,
    path: rule.pathPattern
      ? rule.pathPatternKind === 'regex'
        ? compileRulePattern(rule.pathPattern)
        : globToRegExp(rule.pathPattern)
      : null,
    userAgent: rule.userAgentContains?.toLowerCase() ?? null,
  }));
  return (candidate: ExclusionCandidate): string | null => {
    for (const { rule, path, userAgent } of compiled) {
      if (rule.bucketIds.length > 0 && !rule.bucketIds.includes(candidate.bucketId)) continue;
      // A stored pattern that no longer compiles matches nothing (dropping the condition would exclude more).
      if (rule.pathPattern && !path) continue;
      if (rule.method && rule.method.toUpperCase() !== candidate.method) continue;
      if (rule.host && rule.host.toLowerCase() !== candidate.host.toLowerCase()) continue;
      if (path && !path.test(candidate.path)) continue;
      if (userAgent && !(candidate.userAgent ?? '').toLowerCase().includes(userAgent)) continue;
      if (rule.status !== null && rule.status !== candidate.status) continue;
      return rule.id;
    }
    return null;
  };
}
