/** One captured exchange, ready to store: names and ids are resolved, masking already applied. */
export interface RequestRecord {
  publicId: string;
  externalId: string | null;
  accountId: string;
  environmentId: string;
  bucketId: string;
  timestamp: Date;
  method: string;
  url: string;
  host: string;
  path: string;
  /** `path` with ids replaced by `:id` (normalizeRoute). */
  route: string;
  query: string | null;
  status: number;
  durationMs: number;
  requestHeaders: Record<string, string>;
  requestBody: string | null;
  requestBodyTruncated: boolean;
  requestSize: number;
  responseHeaders: Record<string, string>;
  responseBody: string | null;
  responseBodyTruncated: boolean;
  responseSize: number;
  clientIp: string | null;
  userAgent: string | null;
  blocked: boolean;
  blockedReason: string | null;
}
