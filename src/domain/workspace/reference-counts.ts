/** What still points at an environment or bucket; deleting it without cascade is refused while any is non-zero. */
export interface ReferenceCounts {
  requests: number;
  accessTokens: number;
  events: number;
  rules: number;
}

const LABELS: [keyof ReferenceCounts, string, string][] = [
  ['requests', 'request', 'requests'],
  ['accessTokens', 'access token', 'access tokens'],
  ['events', 'event', 'events'],
  ['rules', 'rule limited to it alone', 'rules limited to it alone'],
];

/** "1,204 requests and 2 access tokens"; empty when nothing refers to it. */
export function describeReferences(counts: ReferenceCounts): string {
  const parts = LABELS.filter(([key]) => counts[key] > 0).map(
    ([key, one, many]) => `${counts[key].toLocaleString('en-US')} ${counts[key] === 1 ? one : many}`,
  );
  if (parts.length <= 1) return parts.join('');
  return `${parts.slice(0, -1).join(', ')} and ${parts.at(-1)}`;
}

export function hasReferences(counts: ReferenceCounts): boolean {
  return counts.requests + counts.accessTokens + counts.events + counts.rules > 0;
}
