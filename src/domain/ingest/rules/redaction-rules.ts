import { createHash } from 'node:crypto';
import type { RedactionRule } from '../../../generated/prisma/client.ts';
import { compileSafeRegex } from './pattern-safety.ts';

type Rule = Pick<RedactionRule, 'id' | 'target' | 'selector' | 'maskStyle' | 'placeholder'> & { bucketIds: string[] };

export interface Maskable {
  bucketId: string;
  url: string;
  query: string | null;
  requestHeaders: Record<string, string>;
  responseHeaders: Record<string, string>;
  requestBody: string | null;
  responseBody: string | null;
  /** Header names a rule masked (lower case), which the always-on sanitizer must leave as the rule wrote them. */
  maskedHeaders: Set<string>;
}

function mask(rule: Rule, value: string): string {
  if (rule.maskStyle === 'partial') return value.length <= 4 ? '****' : `****${value.slice(-4)}`;
  if (rule.maskStyle === 'hash') return `sha256:${createHash('sha256').update(value).digest('hex').slice(0, 16)}`;
  return rule.placeholder;
}

/** Masks a field path (`card.number`, `items.*.token`) inside parsed JSON; returns how many values changed. */
function maskJsonPath(node: unknown, path: string[], replace: (value: string) => string): number {
  if (path.length === 0 || node === null || typeof node !== 'object') return 0;
  const [head, ...rest] = path;
  const keys = head === '*' ? Object.keys(node) : [head!];
  let hits = 0;
  for (const key of keys) {
    const container = node as Record<string, unknown>;
    if (!(key in container)) continue;
    if (rest.length === 0) {
      const value = container[key];
      if (value === null || value === undefined) continue;
      container[key] = replace(typeof value === 'string' ? value : JSON.stringify(value));
      hits++;
    } else hits += maskJsonPath(container[key], rest, replace);
  }
  return hits;
}

/** Compiles enabled redaction rules once per batch; `apply` masks a record in place and counts hits per rule. */
export function compileRedactionRules(rules: readonly Rule[]) {
  const compiled = rules.map((rule) => ({ rule, pattern: rule.target === 'body_pattern' ? compileSafeRegex(rule.selector, 'selector', 'g') : null }));
  return (record: Maskable, hits: Map<string, number>): void => {
    const hit = (rule: Rule, n = 1) => n > 0 && hits.set(rule.id, (hits.get(rule.id) ?? 0) + n);
    for (const { rule, pattern } of compiled) {
      if (rule.bucketIds.length > 0 && !rule.bucketIds.includes(record.bucketId)) continue;
      switch (rule.target) {
        case 'header': {
          for (const headers of [record.requestHeaders, record.responseHeaders]) {
            for (const name of Object.keys(headers)) {
              if (name.toLowerCase() === rule.selector.toLowerCase()) {
                headers[name] = mask(rule, headers[name]!);
                record.maskedHeaders.add(name.toLowerCase());
                hit(rule);
              }
            }
          }
          break;
        }
        case 'query_param': {
          if (!record.query) break;
          const params = new URLSearchParams(record.query);
          let changed = 0;
          for (const [name, value] of [...params]) {
            if (name === rule.selector) {
              params.set(name, mask(rule, value));
              changed++;
            }
          }
          if (changed > 0) {
            record.query = params.toString();
            const url = new URL(record.url);
            url.search = record.query;
            record.url = url.toString();
            hit(rule, changed);
          }
          break;
        }
        case 'body_field': {
          for (const key of ['requestBody', 'responseBody'] as const) {
            const body = record[key];
            if (!body) continue;
            let parsed: unknown;
            try {
              parsed = JSON.parse(body);
            } catch {
              continue;
            }
            const n = maskJsonPath(parsed, rule.selector.split('.'), (value) => mask(rule, value));
            if (n > 0) {
              record[key] = JSON.stringify(parsed);
              hit(rule, n);
            }
          }
          break;
        }
        case 'body_pattern': {
          for (const key of ['requestBody', 'responseBody'] as const) {
            const body = record[key];
            if (!body) continue;
            let n = 0;
            record[key] = body.replace(pattern!, (match) => {
              n++;
              return mask(rule, match);
            });
            hit(rule, n);
          }
          break;
        }
      }
    }
  };
}
