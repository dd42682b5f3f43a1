/** "; buckets: a, b" after a "not found": what the caller could have named (only names it may see). */
export function knownNamesSuffix(noun: string, names: readonly string[]): string {
  if (names.length === 0) return `; there are no ${noun} yet`;
  const shown = names.slice(0, 20).join(', ');
  return `; ${noun}: ${shown}${names.length > 20 ? ` and ${names.length - 20} more` : ''}`;
}
