import { z } from 'zod';
import { McpListBucketsDocument } from '../../generated/graphql.ts';
import { defineTool, READ_ONLY } from '../tool.ts';
import { table } from '../text-format.ts';

export const listBucketsTool = defineTool({
  name: 'list_buckets',
  title: 'List buckets',
  description: 'The buckets this token sees.',
  scopes: ['config:read'],
  annotations: READ_ONLY,
  input: z.object({}).strict(),
  output: z.object({
    buckets: z.array(z.object({ id: z.string(), name: z.string(), description: z.string().nullable() })),
  }),
  async run(_args, { execute }) {
    const { buckets } = await execute(McpListBucketsDocument, {});
    return {
      structured: { buckets },
      text:
        buckets.length === 0
          ? 'No buckets.'
          : table(
              ['name', 'description', 'id'],
              buckets.map((b) => [b.name, b.description, b.id]),
            ),
    };
  },
});
