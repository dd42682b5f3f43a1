import type { TypedDocumentNode } from '@graphql-typed-document-node/core';
import type { z } from 'zod';

export type Execute = <Result, Variables extends Record<string, unknown>>(
  document: TypedDocumentNode<Result, Variables>,
  variables: Variables,
) => Promise<Result>;

/** One REST endpoint: a path template, zod schemas for its parameters, and a handler that runs GraphQL. */
export interface RestRoute<Params = Record<string, unknown>, Query = Record<string, unknown>> {
  path: string;
  summary: string;
  params?: z.ZodType<Params, Record<string, string>>;
  query?: z.ZodType<Query, Record<string, string>>;
  /** The JSON a 200 carries; the OpenAPI document is generated from it and tests hold answers to it. */
  response: z.ZodType;
  handle(input: { params: Params; query: Query }, execute: Execute): Promise<unknown>;
}

/** Keeps each route's parameter types checked while the table holds routes of every shape. */
export function defineRoute<Params, Query>(route: RestRoute<Params, Query>): RestRoute {
  return route as unknown as RestRoute;
}

/** A path segment decoded, or null when its percent-encoding is malformed (`%`, `%E0%A4%A`). */
function decodeSegment(segment: string): string | null {
  try {
    return decodeURIComponent(segment);
  } catch {
    return null;
  }
}

/**
 * Matches `/api/v1/mcp-servers/{server_id}/status` against a path; literal segments win over parameters.
 * A parameter whose percent-encoding is malformed matches nothing, so the caller answers 404.
 */
export function matchRoute(
  routes: readonly RestRoute[],
  path: string,
): { route: RestRoute; params: Record<string, string> } | null {
  // Trimmed by a loop: /\/+$/ backtracks quadratically on a long run of slashes (440 ms for 16,000).
  let end = path.length;
  while (end > 0 && path[end - 1] === '/') end--;
  const segments = path.slice(0, end).split('/');
  const candidates = routes
    .map((route) => ({ route, parts: route.path.split('/') }))
    .filter(({ parts }) => parts.length === segments.length)
    .sort((a, b) => a.parts.filter((p) => p.startsWith('{')).length - b.parts.filter((p) => p.startsWith('{')).length);
  for (const { route, parts } of candidates) {
    const params = new Map<string, string>();
    const matches = parts.every((part, i) => {
      if (!part.startsWith('{')) return part === segments[i];
      const value = decodeSegment(segments[i]!);
      if (value !== null) params.set(part.slice(1, -1), value);
      return value !== null;
    });
    if (matches) return { route, params: Object.fromEntries(params) };
  }
  return null;
}
