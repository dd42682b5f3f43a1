import { describe, expect, it } from 'vitest';
import { sanitizeJson, sanitizeValue } from '../../../src/domain/sanitizer/sanitize.ts';
import {
  benignEntries,
  CORPUS_SEED,
  entryText,
  HIDING_PLACES,
  SECRET_KINDS,
  type ServerEntry,
} from './secret-corpus.ts';

/** Each field as the inventory redacts it (src/domain/inventory/redact-server.ts). */
function sanitizeEntry(e: ServerEntry): ServerEntry {
  const nullable = (text: string | null) => (text === null ? null : sanitizeValue(text).value);
  return {
    name: sanitizeValue(e.name).value,
    command: nullable(e.command),
    args: sanitizeJson(e.args).value as string[],
    env: sanitizeJson(e.env).value as Record<string, string>,
    headers: sanitizeJson(e.headers).value as Record<string, string>,
    url: nullable(e.url),
    cwd: nullable(e.cwd),
  };
}

/** Whether any run of 16 characters of the secret (all of it when shorter), plain or URL-encoded, survived. */
function leaks(output: string, secret: string): boolean {
  for (const form of new Set([secret, encodeURIComponent(secret), JSON.stringify(secret).slice(1, -1)])) {
    const window = Math.min(16, form.length);
    for (let i = 0; i + window <= form.length; i++) if (output.includes(form.slice(i, i + window))) return true;
  }
  return false;
}

// A Windows user name cannot hold these, so a secret with them is never a UNC path's user name.
const NOT_IN_A_USER_NAME = /[\\/:*?"<>|]/;

describe('the sanitizer corpus', () => {
  it('hides every secret kind in every hiding place (0 leaked placements)', () => {
    expect(SECRET_KINDS.length).toBeGreaterThanOrEqual(150);
    expect(HIDING_PLACES.length).toBeGreaterThanOrEqual(15);
    const leaked: string[] = [];
    let placements = 0;
    for (const [kind, make] of SECRET_KINDS) {
      for (const [place, put] of HIDING_PLACES) {
        const secret = make();
        if (place === 'UNC path user name' && NOT_IN_A_USER_NAME.test(secret)) continue;
        placements++;
        const output = entryText(sanitizeEntry(put(secret)));
        if (leaks(output, secret)) leaked.push(`${kind} in ${place}: ${output}`);
      }
    }
    console.log(
      `sanitizer corpus (seed ${CORPUS_SEED}): ${SECRET_KINDS.length} kinds, ${placements} placements, ${leaked.length} leaked`,
    );
    expect(leaked).toEqual([]);
  });

  it('leaves benign look-alikes alone (at most 2% altered)', () => {
    const entries = benignEntries();
    expect(entries.length).toBeGreaterThanOrEqual(200);
    const altered = entries
      .filter(([, e]) => entryText(sanitizeEntry(e)) !== entryText(e))
      .map(([label, e]) => `${label}: ${entryText(sanitizeEntry(e))}`);
    const share = altered.length / entries.length;
    console.log(
      `sanitizer corpus: ${entries.length} benign values, ${altered.length} altered (${(share * 100).toFixed(1)}%)\n${altered.join('\n')}`,
    );
    expect(share).toBeLessThanOrEqual(0.02);
  });
});
