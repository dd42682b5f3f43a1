import { z } from 'zod';
import { McpCreateEventDocument } from '../../generated/graphql.ts';
import { defineTool } from '../tool.ts';
import { eventOutput, toEventOutput } from './event-output.ts';
import { eventTypes } from './list-events.ts';

export const createEventTool = defineTool({
  name: 'create_event',
  title: 'Create an event marker',
  description: 'Mark an event (deployment, incident...) to correlate with traffic. The only tool that writes.',
  scopes: ['events:write'],
  annotations: { readOnlyHint: false, destructiveHint: false, idempotentHint: false, openWorldHint: false },
  input: z
    .object({
      type: z.enum(eventTypes),
      title: z.string().min(1).max(200).describe('e.g. "Deploy v2.3.1".'),
      description: z.string().max(5000).optional(),
      version: z.string().max(100).optional().describe('e.g. 2.3.1.'),
      source: z.string().max(100).optional().describe('e.g. github-actions.'),
      url: z.string().max(2000).optional().describe('Run, ticket or dashboard link.'),
      bucket: z.string().max(200).optional().describe('Default: environment-wide.'),
      started_at: z.string().max(40).optional().describe('RFC 3339. Default now.'),
      ended_at: z.string().max(40).optional().describe('RFC 3339, if it lasted.'),
    })
    .strict(),
  output: eventOutput,
  async run(args, { execute }) {
    const { createEvent } = await execute(McpCreateEventDocument, {
      input: {
        type: args.type,
        title: args.title,
        description: args.description ?? null,
        version: args.version ?? null,
        source: args.source ?? null,
        url: args.url ?? null,
        bucket: args.bucket ?? null,
        startedAt: args.started_at ?? null,
        endedAt: args.ended_at ?? null,
      },
    });
    const event = toEventOutput(createEvent);
    return {
      structured: event,
      text: `Created ${event.type} event "${event.title}" (${event.id}) at ${event.started_at}${event.bucket ? ` for ${event.bucket}` : ''}.`,
    };
  },
});
