import { z } from 'zod';
import { STATUS_CLASSES, statusClassName, type StatusClass } from '../domain/analytics/status-classes.ts';
import { INTERVAL_LABELS, intervalLabelled, type IntervalLabel } from '../domain/time/intervals.ts';
import { MAX_FREE_TEXT_LENGTH, MAX_FREE_TEXT_RANGE_MS } from '../domain/analytics/free-text-limits.ts';

const DAY_MS = 86_400_000;

/** Time arguments shared by every traffic tool, in the seed's snake_case. */
export const timeArguments = {
  since: z.string().max(20).optional().describe('Back from now: 15m, 2h, 7d. Default 24h.'),
  from: z.string().max(40).optional().describe('Instead of since: RFC 3339 (UTC if no zone) or now-2h.'),
  to: z.string().max(40).optional().describe('RFC 3339 or now (default).'),
};

export const bucketArgument = {
  bucket: z.string().max(200).optional().describe('Name or id. Default: all.'),
};

export const pageArguments = {
  limit: z.number().int().min(1).max(100).optional().describe('Default 20.'),
  cursor: z.string().max(200).optional().describe('A previous next_cursor.'),
};

export const searchFilterArguments = {
  method: z.string().max(16).optional().describe('e.g. POST.'),
  status: z.number().int().min(100).max(599).optional().describe('Exact, e.g. 500.'),
  status_class: z.enum(STATUS_CLASSES).optional(),
  path: z.string().max(500).optional().describe('Prefix (/api/users) or glob (/api/*/orders).'),
  query: z
    .string()
    .max(500)
    .optional()
    .describe(
      `Text in URL, host or user agent; ≤${MAX_FREE_TEXT_LENGTH} characters, range ≤${MAX_FREE_TEXT_RANGE_MS / DAY_MS} days.`,
    ),
  user_agent: z.string().max(500).optional().describe('Part of it, any case (e.g. bot).'),
  ip: z.string().max(64).optional().describe('Client IP.'),
  blocked: z.boolean().optional().describe('Only blocked (true) or allowed (false).'),
};

/** The request filter of the summary and series tools (metrics, throughput, response times): one endpoint, method or class. */
export const trafficFilterArguments = {
  route: z.string().max(500).optional().describe('A route template as get_endpoints lists it, e.g. /api/users/:id.'),
  path: searchFilterArguments.path,
  method: searchFilterArguments.method,
  status_class: searchFilterArguments.status_class,
};

export interface TrafficFilterArguments {
  route?: string | undefined;
  path?: string | undefined;
  method?: string | undefined;
  status_class?: StatusClass | undefined;
}

/** The GraphQL filter for trafficFilterArguments; null when none is given, so unfiltered answers stay on rollups. */
export function trafficFilterVariable(args: TrafficFilterArguments) {
  if (!args.route && !args.path && !args.method && !args.status_class) return null;
  return {
    route: args.route ?? null,
    path: args.path ?? null,
    methods: args.method ? [args.method] : null,
    statusClasses: statusClassesVariable(args.status_class),
  };
}

/** A tool's `status_class` ("4xx") as the GraphQL StatusClass list (`[CLIENT_ERROR]`). */
export function statusClassesVariable(label: StatusClass | undefined) {
  return label ? [statusClassName(label)] : null;
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
  return {
    interval: z.enum(INTERVAL_LABELS).optional().describe(`Default: at most ~${maxAutoPoints} points.`),
  };
}

/** A tool's `interval` ("1h") as the GraphQL Interval (`ONE_HOUR`). */
export function intervalVariable(label: IntervalLabel | undefined) {
  return label ? intervalLabelled(label).name : null;
}

export const rangeOutput = z.object({ from: z.string(), to: z.string() });
/** Whether retention kept everything the answer's range needs; `note` says what is missing when not. */
export const coverageOutput = z.object({ complete: z.boolean(), note: z.string().nullable() });

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
