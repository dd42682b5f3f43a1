import { hash } from 'node:crypto';
import type { RedactionRule } from '../../../generated/prisma/client.ts';
import { replaceWithinBudget } from './budgeted-replace.ts';
import { compileRulePattern } from './pattern-safety.ts';

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
  if (rule.maskStyle === 'hash') return `sha256:${hash('sha256', value, 'hex').slice(0, 16)}`;
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
    // Own keys only: a rule path through `__proto__` or `constructor` must not reach (and overwrite) prototypes.
    if (!Object.hasOwn(container, key)) continue;
    if (rest.length === 0) {
      const value = container[key];
      if (value === null || value === undefined) continue;
      container[key] = replace(typeof value === 'string' ? value : JSON.stringify(value));
      hits++;
    } else hits += maskJsonPath(container[key], rest, replace);
  }
  return hits;
}

/**
 * A body as the rules see it: parsed once for every field rule, written back to text only when a rule
 * changed it and a later rule or the caller needs the text.
 */
class BodyState {
  private parsed: unknown = undefined;
  private dirty = false;

  constructor(private text: string | null) {}

  json(): unknown {
    if (this.parsed === undefined && this.text) {
      try {
        this.parsed = JSON.parse(this.text);
      } catch {
        this.parsed = null;
      }
    }
    return this.parsed ?? null;
  }

  changedJson(): void {
    this.dirty = true;
  }

  /** Whether `word` can occur in the body: false lets a field rule skip parsing. */
  mayContain(word: string): boolean {
    return this.text !== null && (this.dirty || this.text.includes(word) || this.text.includes('\\u'));
  }

  get value(): string | null {
    if (this.dirty) {
      this.text = JSON.stringify(this.parsed);
      this.dirty = false;
    }
    return this.text;
  }

  set value(text: string | null) {
    this.text = text;
    this.parsed = undefined;
    this.dirty = false;
  }
}

/** What replaces a body whose pattern rules did not finish within the record's time budget. */
export const BODY_WITHHELD = '[REDACTED_BODY: redaction rules exceeded their time budget]';

export interface RedactionBounds {
  /** Cuts a body to the stored size; pattern rules (and the sanitizer after them) only see the cut body. */
  cutBody(text: string): string;
  /** A `performance.now()` value after which pattern rules stop and the body is withheld. */
  deadline: number;
}

/**
 * Compiles enabled redaction rules once per batch; `apply` masks a record in place, counts hits per rule,
 * and says whether a body was withheld. Header, query and field rules run on the whole body (parsing JSON
 * is linear, and a field cut in half could not be found); pattern rules run on the cut body, within the
 * deadline.
 */
export function compileRedactionRules(rules: readonly Rule[]) {
  const compiled = rules.map((rule) => ({
    rule,
    pattern: rule.target === 'body_pattern' ? compileRulePattern(rule.selector, 'g') : null,
    headerName: rule.selector.toLowerCase(),
    fieldPath: rule.selector.split('.'),
  }));
  const hit = (hits: Map<string, number>, rule: Rule, n: number) => {
    if (n > 0) hits.set(rule.id, (hits.get(rule.id) ?? 0) + n);
  };
  const patternRules = compiled.filter(({ rule, pattern }) => rule.target === 'body_pattern' && pattern !== null);
  return (record: Maskable, hits: Map<string, number>, bounds: RedactionBounds): { withheld: boolean } => {
    const bodies = { requestBody: new BodyState(record.requestBody), responseBody: new BodyState(record.responseBody) };
    for (const { rule, headerName, fieldPath } of compiled) {
      if (rule.bucketIds.length > 0 && !rule.bucketIds.includes(record.bucketId)) continue;
      switch (rule.target) {
        case 'header': {
          for (const headers of [record.requestHeaders, record.responseHeaders]) {
            for (const name of Object.keys(headers)) {
              if (name.length === headerName.length && name.toLowerCase() === headerName) {
                headers[name] = mask(rule, headers[name]!);
                record.maskedHeaders.add(headerName);
                hit(hits, rule, 1);
              }
            }
          }
          break;
        }
        case 'query_param': {
          // Names are compared decoded; a query without the name spelled out or any escape cannot hold it.
          if (!record.query || !(record.query.includes(rule.selector) || /[%+]/.test(record.query))) break;
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
            hit(hits, rule, changed);
          }
          break;
        }
        case 'body_field': {
          // A key the text does not spell cannot be there; `*` and array indexes are not spelled in JSON.
          const last = fieldPath[fieldPath.length - 1]!;
          const spelled = last !== '*' && !/^\d+$/.test(last);
          for (const body of Object.values(bodies)) {
            if (spelled && !body.mayContain(last)) continue;
            const n = maskJsonPath(body.json(), fieldPath, (value) => mask(rule, value));
            if (n > 0) {
              body.changedJson();
              hit(hits, rule, n);
            }
          }
          break;
        }
        case 'body_pattern':
          break;
      }
    }
    let withheld = false;
    for (const body of Object.values(bodies)) {
      const text = body.value;
      if (text === null) continue;
      body.value = bounds.cutBody(text);
      for (const { rule, pattern } of patternRules) {
        if (rule.bucketIds.length > 0 && !rule.bucketIds.includes(record.bucketId)) continue;
        const current = body.value!;
        const replaced = replaceWithinBudget(current, pattern!, (match) => mask(rule, match), bounds.deadline);
        if (!replaced.complete) {
          // Storing the body unmasked could leak what the rule exists to hide.
          body.value = BODY_WITHHELD;
          withheld = true;
          break;
        }
        if (replaced.matches > 0) {
          body.value = replaced.text;
          hit(hits, rule, replaced.matches);
        }
      }
    }
    record.requestBody = bodies.requestBody.value;
    record.responseBody = bodies.responseBody.value;
    return { withheld };
  };
}
