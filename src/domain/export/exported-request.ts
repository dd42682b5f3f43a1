import { csvRecord, type CsvCell } from './csv-record.ts';

/** A request as an export reads it (what the ExportRequestFields fragment selects, already sanitized). */
export interface ExportSource {
  id: string;
  timestamp: string;
  environment: { name: string };
  bucket: { name: string };
  method: string;
  host: string;
  path: string;
  route: string;
  query: string | null;
  url: string;
  status: number;
  durationMs: number;
  requestSize: number;
  responseSize: number;
  clientIp: string | null;
  userAgent: string | null;
  blocked: boolean;
  blockedReason: string | null;
  requestHeaders: unknown;
  requestBody: string | null;
  requestBodyTruncated: boolean;
  responseHeaders: unknown;
  responseBody: string | null;
  responseBodyTruncated: boolean;
}

/** One exported request, keyed by the snake_case names REST uses; the order of keys is the CSV column order. */
export function exportedRequest(source: ExportSource) {
  return {
    id: source.id,
    timestamp: source.timestamp,
    environment: source.environment.name,
    bucket: source.bucket.name,
    method: source.method,
    host: source.host,
    path: source.path,
    route: source.route,
    query: source.query,
    url: source.url,
    status: source.status,
    duration_ms: source.durationMs,
    request_size: source.requestSize,
    response_size: source.responseSize,
    client_ip: source.clientIp,
    user_agent: source.userAgent,
    blocked: source.blocked,
    blocked_reason: source.blockedReason,
    request_headers: source.requestHeaders,
    request_body: source.requestBody,
    request_body_truncated: source.requestBodyTruncated,
    response_headers: source.responseHeaders,
    response_body: source.responseBody,
    response_body_truncated: source.responseBodyTruncated,
  };
}

export type ExportedRequest = ReturnType<typeof exportedRequest>;

export const EXPORT_COLUMNS = Object.keys(
  exportedRequest({
    id: '',
    timestamp: '',
    environment: { name: '' },
    bucket: { name: '' },
    method: '',
    host: '',
    path: '',
    route: '',
    query: null,
    url: '',
    status: 0,
    durationMs: 0,
    requestSize: 0,
    responseSize: 0,
    clientIp: null,
    userAgent: null,
    blocked: false,
    blockedReason: null,
    requestHeaders: null,
    requestBody: null,
    requestBodyTruncated: false,
    responseHeaders: null,
    responseBody: null,
    responseBodyTruncated: false,
  }),
) as (keyof ExportedRequest)[];

export const EXPORT_FORMATS = ['ndjson', 'csv'] as const;
export type ExportFormat = (typeof EXPORT_FORMATS)[number];

/** Header objects have no CSV shape of their own: a cell holds them as compact JSON. */
const csvValue = (value: unknown): CsvCell =>
  value === null ||
  value === undefined ||
  typeof value === 'string' ||
  typeof value === 'number' ||
  typeof value === 'boolean'
    ? (value ?? null)
    : JSON.stringify(value);

/** The text an export starts with: CSV's header record; NDJSON has none. */
export function exportPreamble(format: ExportFormat): string {
  return format === 'csv' ? csvRecord(EXPORT_COLUMNS) : '';
}

/** One request as a CSV record or an NDJSON line (JSON.stringify escapes CR, LF and NUL, so a line is a line). */
export function exportLine(format: ExportFormat, row: ExportedRequest): string {
  if (format === 'ndjson') return `${JSON.stringify(row)}\n`;
  return csvRecord(EXPORT_COLUMNS.map((column) => csvValue(row[column])));
}

export const MIME_TYPES: Record<ExportFormat, string> = {
  ndjson: 'application/x-ndjson; charset=utf-8',
  csv: 'text/csv; charset=utf-8; header=present',
};
