/**
 * PostgreSQL text cannot hold U+0000 and jsonb refuses unpaired surrogates, yet captured bodies and
 * headers carry both (binary payloads, broken clients). Both become U+FFFD, so the record is stored
 * instead of failing its whole batch.
 */
export function storableText(text: string): string {
  if (text.isWellFormed() && !text.includes('\0')) return text;
  return text.toWellFormed().replaceAll('\0', '\uFFFD');
}

export function storableHeaders(headers: Record<string, string>): Record<string, string> {
  let changed = false;
  const out: Record<string, string> = {};
  for (const [name, value] of Object.entries(headers)) {
    const storableName = storableText(name);
    const storableValue = storableText(value);
    changed ||= storableName !== name || storableValue !== value;
    out[storableName] = storableValue;
  }
  return changed ? out : headers;
}
