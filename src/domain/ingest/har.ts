import { createHash } from 'node:crypto';

interface HarHeader {
  name: string;
  value: string;
}

interface HarEntry {
  startedDateTime: string;
  time: number;
  request: { method: string; url: string; headers?: HarHeader[]; postData?: { text?: string } };
  response: {
    status: number;
    headers?: HarHeader[];
    content?: { text?: string; encoding?: string; mimeType?: string };
  };
}

const headerMap = (headers: HarHeader[] | undefined) =>
  Object.fromEntries(
    (headers ?? []).filter((h) => !h.name.startsWith(':')).map((h) => [h.name.toLowerCase(), h.value]),
  );

/** The entries of a HAR 1.2 document; anything else is refused with a reason. */
export function harEntries(document: unknown): HarEntry[] {
  const log = (document as { log?: { version?: string; entries?: unknown } } | null)?.log;
  if (!log || !Array.isArray(log.entries)) throw new Error('not a HAR file: there is no log.entries list');
  return log.entries as HarEntry[];
}

/**
 * One HAR entry as an ingest record. The id is derived from the entry, so importing the same file twice
 * stores each exchange once; what the pipeline must judge (bad status, bad URL) is passed through for it.
 */
export function harEntryToRecord(entry: HarEntry, index: number, bucket: string): Record<string, unknown> {
  const requestHeaders = headerMap(entry.request?.headers);
  const content = entry.response?.content;
  const responseBody =
    content?.text === undefined
      ? null
      : content.encoding === 'base64'
        ? `[base64 ${content.mimeType ?? 'content'}, ${content.text.length} chars]`
        : content.text;
  return {
    id: `har_${createHash('sha256').update(`${entry.startedDateTime}|${entry.request?.method}|${entry.request?.url}|${index}`).digest('base64url').slice(0, 24)}`,
    bucket,
    method: entry.request?.method,
    url: entry.request?.url,
    status: entry.response?.status,
    duration_ms: Math.max(0, Number(entry.time ?? 0)),
    timestamp: entry.startedDateTime,
    request_headers: requestHeaders,
    request_body: entry.request?.postData?.text ?? null,
    response_headers: headerMap(entry.response?.headers),
    response_body: responseBody,
    user_agent: requestHeaders['user-agent'] ?? null,
  };
}
