import { z } from 'zod';
import { McpListEnvironmentsDocument } from '../../generated/graphql.ts';
import { defineTool, READ_ONLY } from '../tool.ts';
import { table } from '../text-format.ts';

export const listEnvironmentsTool = defineTool({
  name: 'list_environments',
  title: 'List environments',
  description: 'The environments this token sees (e.g. production, staging).',
  scopes: ['config:read'],
  annotations: READ_ONLY,
  input: z.object({}).strict(),
  output: z.object({
    environments: z.array(
      z.object({
        id: z.string(),
        name: z.string(),
        description: z.string().nullable(),
        createsBucketsOnFirstSight: z.boolean(),
      }),
    ),
  }),
  async run(_args, { execute }) {
    const { environments } = await execute(McpListEnvironmentsDocument, {});
    return {
      structured: { environments },
      text: table(
        ['name', 'description', 'new buckets', 'id'],
        environments.map((e) => [
          e.name,
          e.description,
          e.createsBucketsOnFirstSight ? 'created on first sight' : 'rejected',
          e.id,
        ]),
      ),
    };
  },
});
