import { z } from 'zod';
import { McpListEventsDocument } from '../../generated/graphql.ts';
import { defineTool, READ_ONLY } from '../tool.ts';
import { bucketArgument, bucketsVariable, rangeOutput, rangeVariable, timeArguments } from '../tool-arguments.ts';
import { rangeLine, table } from '../text-format.ts';
import { eventOutput, toEventOutput } from './event-output.ts';

/** What does not fit a table column: who made it, its link and its description (often the why of a change). */
function eventDetails(e: z.infer<typeof eventOutput>): string {
  const description = e.description
    ? `; description: ${e.description.length > 500 ? `${e.description.slice(0, 500)}…` : e.description}`
    : '';
  return `${e.id}: created by ${e.created_by}${e.url ? `; url ${e.url}` : ''}${description}`;
}

export const eventTypes = ['deployment', 'incident', 'config_change', 'other'] as const;

export const listEventsTool = defineTool({
  name: 'list_events',
  title: 'List events',
  description: 'Event markers (deployments, incidents, config changes) to correlate with traffic, newest first.',
  scopes: ['events:read'],
  annotations: READ_ONLY,
  input: z
    .object({
      ...timeArguments,
      ...bucketArgument,
      type: z.enum(eventTypes).optional(),
      limit: z.number().int().min(1).max(100).optional().describe('Default 50.'),
    })
    .strict(),
  output: z.object({ range: rangeOutput, events: z.array(eventOutput), truncated: z.boolean() }),
  async run(args, { execute }) {
    const { events: list } = await execute(McpListEventsDocument, {
      range: rangeVariable(args),
      buckets: bucketsVariable(args.bucket),
      types: args.type ? [args.type] : null,
      limit: args.limit ?? 50,
    });
    const events = list.events.map(toEventOutput);
    return {
      structured: { range: list.range, events, truncated: list.truncated },
      text: [
        rangeLine(list.range, null, args),
        events.length === 0
          ? 'No events.'
          : table(
              ['started', 'ended', 'type', 'title', 'version', 'source', 'bucket', 'id'],
              events.map((e) => [e.started_at, e.ended_at, e.type, e.title, e.version, e.source, e.bucket, e.id]),
            ),
        ...events.map(eventDetails),
        list.truncated ? `More events matched; narrow the range or raise limit (max 100).` : '',
      ]
        .filter(Boolean)
        .join('\n'),
    };
  },
});
