import { z } from 'zod';
import { STATUS_CLASSES } from '../domain/analytics/request-filter.ts';
import { INTERVALS, type IntervalName } from '../domain/time/time-range.ts';

/** Time arguments shared by every traffic tool, in the seed's snake_case. */
export const timeArguments = {
  since: z.string().max(20).optional().describe('Back from now, e.g. 15m, 2h, 7d. Default 24h.'),
  from: z.string().max(40).optional().describe('Start: RFC 3339 (UTC if no zone) or now-2h; instead of since.'),
  to: z.string().max(40).optional().describe('End: RFC 3339 or now (default).'),
};

export const bucketArgument = {
  bucket: z.string().max(200).optional().describe('One bucket (name or id); default all this token sees.'),
};

export const pageArguments = {
  limit: z.number().int().min(1).max(100).optional().describe('Rows per page. Default 20.'),
  cursor: z.string().max(200).optional().describe('next_cursor from a previous page.'),
};

export const searchFilterArguments = {
  method: z.string().max(16).optional().describe('HTTP method, e.g. POST.'),
  status: z.number().int().min(100).max(599).optional().describe('Exact status code, e.g. 500.'),
  status_class: z.enum(STATUS_CLASSES).optional(),
  path: z.string().max(500).optional().describe('Path prefix (/api/users) or glob (/api/*/orders).'),
  query: z
    .string()
    .max(500)
    .optional()
    .describe('Free text over URL, host and user agent: at most 200 characters, over a range of at most 7 days.'),
  user_agent: z.string().max(500).optional().describe('Part of the user agent, case-insensitive (e.g. bot).'),
  ip: z.string().max(64).optional().describe('Client IP address.'),
  blocked: z.boolean().optional().describe('Only blocked (true) or only allowed (false) requests.'),
};

/** The request filter of the summary and series tools (metrics, throughput, response times): one endpoint, method or class. */
export const trafficFilterArguments = {
  route: z
    .string()
    .max(500)
    .optional()
    .describe('One route exactly as listed by get_errors or get_request_detail, e.g. /api/users/:id.'),
  path: searchFilterArguments.path,
  method: searchFilterArguments.method,
  status_class: searchFilterArguments.status_class,
};

export interface TrafficFilterArguments {
  route?: string | undefined;
  path?: string | undefined;
  method?: string | undefined;
  status_class?: string | undefined;
}

/** The GraphQL filter for trafficFilterArguments; null when none is given, so unfiltered answers stay on rollups. */
export function trafficFilterVariable(args: TrafficFilterArguments) {
  if (!args.route && !args.path && !args.method && !args.status_class) return null;
  return {
    route: args.route ?? null,
    path: args.path ?? null,
    methods: args.method ? [args.method] : null,
    statusClasses: args.status_class ? [args.status_class] : null,
  };
}

/** Names the filter in a text answer, so the model reads what was counted. */
export function filterLine(args: TrafficFilterArguments): string | null {
  const parts = [args.method, args.route ?? (args.path ? `path ${args.path}` : undefined), args.status_class].filter(
    Boolean,
  );
  return parts.length ? `Only: ${parts.join(' ')}` : null;
}

/** `interval` as the GraphQL field takes it; `maxAutoPoints` is what the field picks for when it is omitted. */
export function intervalArgument(maxAutoPoints: number) {
  const names = Object.keys(INTERVALS) as [IntervalName, ...IntervalName[]];
  return {
    interval: z
      .enum(names)
      .optional()
      .describe(`Point spacing; chosen for at most ~${maxAutoPoints} points when omitted.`),
  };
}

export const rangeOutput = z.object({ from: z.string(), to: z.string() });

export interface TimeArguments {
  since?: string | undefined;
  from?: string | undefined;
  to?: string | undefined;
}

export function rangeVariable(args: TimeArguments) {
  return { since: args.since ?? null, from: args.from ?? null, to: args.to ?? null };
}

export function bucketsVariable(bucket: string | undefined) {
  return bucket ? [bucket] : null;
}
