import type { RequestRecord } from '../../src/domain/ingest/request-record.ts';

/** (method route status) → how many of `records` are errors of that group, counted in the test itself. */
export function errorGroupCounts(records: readonly RequestRecord[]): Map<string, number> {
  const counts = new Map<string, number>();
  for (const r of records) {
    if (r.status < 400) continue;
    const key = `${r.method} ${r.route} ${r.status}`;
    counts.set(key, (counts.get(key) ?? 0) + 1);
  }
  return counts;
}

/**
 * The first path segment (`/v1`) with the fewest errors among `records`, and the errors outside it: a path
 * filter on it must leave groups out, so a filter that is ignored fails the test.
 */
export function leastErroneousPrefix(records: readonly RequestRecord[]): { prefix: string; outside: number } {
  const errors = records.filter((r) => r.status >= 400);
  const bySegment = new Map<string, number>();
  for (const r of errors) {
    const segment = `/${r.path.split('/')[1]}`;
    bySegment.set(segment, (bySegment.get(segment) ?? 0) + 1);
  }
  const [prefix] = [...bySegment].sort((a, b) => a[1] - b[1])[0]!;
  return { prefix, outside: errors.filter((r) => !r.path.startsWith(prefix)).length };
}
