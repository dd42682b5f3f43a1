import { z } from 'zod';
import { isStatusClass, STATUS_CLASSES, statusClassName, type StatusClassName } from '../analytics/status-classes.ts';
import { EXPORT_LIMIT_RULE, parseExportLimit } from './export-limit.ts';
import { EXPORT_FORMATS } from './exported-request.ts';

/** searchRequests' arguments, as an export passes them on (null: not given). */
export interface SearchArguments {
  environment: string | null;
  range: { since: string | null; from: string | null; to: string | null } | null;
  buckets: string[] | null;
  filter: {
    methods: string[] | null;
    status: number | null;
    statusClasses: StatusClassName[] | null;
    statusMin: number | null;
    statusMax: number | null;
    path: string | null;
    route: string | null;
    host: string | null;
    query: string | null;
    userAgent: string | null;
    clientIp: string | null;
    blocked: boolean | null;
  };
}

const list = (name: string) =>
  z
    .string()
    .max(500, `${name} is too long`)
    .transform((text) =>
      text
        .split(',')
        .map((item) => item.trim())
        .filter(Boolean),
    );
const statusCode = (name: string) =>
  z
    .string()
    .regex(/^\d{3}$/, `${name} must be a three-digit status code`)
    .transform(Number);
/** Status classes as REST writes them (`4xx,5xx`, any case); the GraphQL names are the variables' business. */
const statusClasses = (name: string) =>
  list(name).transform((labels, ctx) => {
    const classes = labels.map((label) => label.toLowerCase()).filter(isStatusClass);
    const bad = labels.find((label) => !isStatusClass(label.toLowerCase()));
    if (bad !== undefined) {
      ctx.addIssue(`${name}: "${bad}" is not one of ${STATUS_CLASSES.join(', ')}`);
      return z.NEVER;
    }
    return classes;
  });
const text = (name: string) => z.string().max(500, `${name} is too long`);

/** The query an export takes: searchRequests' arguments, in the snake_case and comma lists of REST. */
export const exportQuery = z
  .object({
    format: z.enum(EXPORT_FORMATS, { error: `format must be one of ${EXPORT_FORMATS.join(', ')}` }).default('ndjson'),
    limit: z
      .string()
      .optional()
      .transform(
        (value, ctx) => parseExportLimit(value) ?? (ctx.addIssue(`limit must be ${EXPORT_LIMIT_RULE}`), z.NEVER),
      ),
    environment: text('environment').optional().describe("Environment name or id; the token's own when omitted"),
    since: text('since').optional().describe('e.g. 2h, 7d (default: the last 24 hours)'),
    from: text('from').optional().describe('RFC 3339, or now-2h'),
    to: text('to').optional(),
    buckets: list('buckets')
      .optional()
      .describe('Comma-separated bucket names or ids; all the token may see when omitted'),
    method: list('method').optional().describe('Comma-separated methods'),
    status: statusCode('status').optional(),
    status_class: statusClasses('status_class')
      .optional()
      .describe(`Comma-separated: ${STATUS_CLASSES.join(', ')}`),
    status_min: statusCode('status_min').optional(),
    status_max: statusCode('status_max').optional(),
    path: text('path').optional().describe('A path prefix, or a glob (* within a segment, ** across)'),
    route: text('route').optional(),
    host: text('host').optional(),
    query: text('query').optional().describe('Free text over url, host and user agent (7 days at most)'),
    user_agent: text('user_agent').optional(),
    client_ip: text('client_ip').optional(),
    blocked: z
      .enum(['true', 'false'], { error: 'blocked must be true or false' })
      .transform((value) => value === 'true')
      .optional(),
  })
  .strict();

export type ExportQuery = z.infer<typeof exportQuery>;

/** The searchRequests variables of an export query (the cursor and page size are the pager's). */
export function searchVariables(query: ExportQuery): SearchArguments {
  const range =
    query.since || query.from || query.to
      ? { since: query.since ?? null, from: query.from ?? null, to: query.to ?? null }
      : null;
  return {
    environment: query.environment ?? null,
    range,
    buckets: query.buckets ?? null,
    filter: {
      methods: query.method ?? null,
      status: query.status ?? null,
      statusClasses: query.status_class?.map(statusClassName) ?? null,
      statusMin: query.status_min ?? null,
      statusMax: query.status_max ?? null,
      path: query.path ?? null,
      route: query.route ?? null,
      host: query.host ?? null,
      query: query.query ?? null,
      userAgent: query.user_agent ?? null,
      clientIp: query.client_ip ?? null,
      blocked: query.blocked ?? null,
    },
  };
}
