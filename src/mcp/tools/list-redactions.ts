import { z } from 'zod';
import { McpListRedactionsDocument } from '../../generated/graphql.ts';
import { defineTool, READ_ONLY } from '../tool.ts';
import { table } from '../text-format.ts';

export const listRedactionsTool = defineTool({
  name: 'list_redactions',
  title: 'List redaction rules',
  description: 'Redaction rules: what is masked in captured requests.',
  scopes: ['config:read'],
  annotations: READ_ONLY,
  input: z.object({}).strict(),
  output: z.object({
    rules: z.array(
      z.object({
        id: z.string(),
        name: z.string(),
        target: z.string(),
        selector: z.string(),
        mask_style: z.string(),
        enabled: z.boolean(),
        hit_count: z.number(),
        buckets: z.array(z.string()),
      }),
    ),
  }),
  async run(_args, { execute }) {
    const { redactionRules } = await execute(McpListRedactionsDocument, {});
    const rules = redactionRules.map((r) => ({
      id: r.id,
      name: r.name,
      target: r.target,
      selector: r.selector,
      mask_style: r.maskStyle,
      enabled: r.enabled,
      hit_count: Number(r.hitCount),
      buckets: r.buckets.map((b) => b.name),
    }));
    return {
      structured: { rules },
      text:
        rules.length === 0
          ? 'No redaction rules.'
          : table(
              ['name', 'target', 'selector', 'mask', 'enabled', 'hits', 'buckets'],
              rules.map((r) => [
                r.name,
                r.target,
                r.selector,
                r.mask_style,
                r.enabled ? 'yes' : 'no',
                r.hit_count,
                r.buckets.join(',') || 'all',
              ]),
            ),
    };
  },
});
