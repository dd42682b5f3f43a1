import { KNOWN_ROUTE_DAYS } from '../domain/analytics/route-suggestions.ts';
import { McpRouteSuggestionsDocument } from '../generated/graphql.ts';
import type { ToolContext } from './tool.ts';
import { bucketsVariable, type TrafficFilterArguments } from './tool-arguments.ts';

/**
 * For a route filter that counted nothing: a line saying the route names no known endpoint and which routes are
 * nearest, so a route pasted with a typo reads as that and not as "no traffic". Null when the route is known
 * (its endpoint was simply quiet in the range), when something was counted, or when no route was given; asked
 * only then, so a call that counted something costs no second read.
 */
export async function unknownRouteLine(
  args: TrafficFilterArguments & { bucket?: string | undefined },
  answer: { counted: number; until: string },
  { execute }: ToolContext,
): Promise<string | null> {
  const route = args.route?.trim();
  if (!route || answer.counted > 0) return null;
  const { routeSuggestions } = await execute(McpRouteSuggestionsDocument, {
    route,
    until: answer.until,
    buckets: bucketsVariable(args.bucket),
  });
  if (routeSuggestions.known) return null;
  const closest = routeSuggestions.closest.length
    ? `; closest known routes: ${routeSuggestions.closest.join(', ')}`
    : '; no route has had requests in that time';
  return `No endpoint has route ${route} (in any parameter syntax) in the ${KNOWN_ROUTE_DAYS} days before the range ends${closest}.`;
}
