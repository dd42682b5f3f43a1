import { z } from 'zod';
import type { McpCreateEventMutation } from '../../generated/graphql.ts';

export const eventOutput = z.object({
  id: z.string(),
  type: z.string(),
  title: z.string(),
  description: z.string().nullable(),
  version: z.string().nullable(),
  source: z.string().nullable(),
  url: z.string().nullable(),
  started_at: z.string(),
  ended_at: z.string().nullable(),
  bucket: z.string().nullable(),
  created_by: z.string(),
});

export function toEventOutput(e: McpCreateEventMutation['createEvent']): z.infer<typeof eventOutput> {
  return {
    id: e.id,
    type: e.type,
    title: e.title,
    description: e.description,
    version: e.version,
    source: e.source,
    url: e.url,
    started_at: e.startedAt,
    ended_at: e.endedAt,
    bucket: e.bucket?.name ?? null,
    created_by: e.createdBy,
  };
}
