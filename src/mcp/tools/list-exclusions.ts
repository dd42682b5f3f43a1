import { z } from 'zod';
import { McpListExclusionsDocument } from '../../generated/graphql.ts';
import { defineTool, READ_ONLY } from '../tool.ts';
import { table } from '../text-format.ts';

export const listExclusionsTool = defineTool({
  name: 'list_exclusions',
  title: 'List exclusion rules',
  description: 'Exclusion rules: which requests are not captured.',
  scopes: ['config:read'],
  annotations: READ_ONLY,
  input: z.object({}).strict(),
  output: z.object({
    rules: z.array(
      z.object({
        id: z.string(),
        name: z.string(),
        method: z.string().nullable(),
        host: z.string().nullable(),
        path_pattern: z.string().nullable(),
        path_pattern_kind: z.string(),
        user_agent_contains: z.string().nullable(),
        status: z.number().nullable(),
        enabled: z.boolean(),
        hit_count: z.number(),
        buckets: z.array(z.string()),
      }),
    ),
  }),
  async run(_args, { execute }) {
    const { exclusionRules } = await execute(McpListExclusionsDocument, {});
    const rules = exclusionRules.map((r) => ({
      id: r.id,
      name: r.name,
      method: r.method,
      host: r.host,
      path_pattern: r.pathPattern,
      path_pattern_kind: r.pathPatternKind,
      user_agent_contains: r.userAgentContains,
      status: r.status,
      enabled: r.enabled,
      hit_count: Number(r.hitCount),
      buckets: r.buckets.map((b) => b.name),
    }));
    const condition = (r: (typeof rules)[number]) =>
      [
        r.method && `method ${r.method}`,
        r.host && `host ${r.host}`,
        r.path_pattern && `path ${r.path_pattern_kind} ${r.path_pattern}`,
        r.user_agent_contains && `user agent contains "${r.user_agent_contains}"`,
        r.status && `status ${r.status}`,
      ]
        .filter(Boolean)
        .join(' and ');
    return {
      structured: { rules },
      text:
        rules.length === 0
          ? 'No exclusion rules.'
          : table(
              ['name', 'excludes', 'enabled', 'hits', 'buckets'],
              rules.map((r) => [
                r.name,
                condition(r),
                r.enabled ? 'yes' : 'no',
                r.hit_count,
                r.buckets.join(',') || 'all',
              ]),
            ),
    };
  },
});
