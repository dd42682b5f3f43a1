import { describe, expect, it } from 'vitest';
import { listedTool } from '../../src/mcp/tool-list.ts';
import { comparePeriodsTool } from '../../src/mcp/tools/compare-periods.ts';

describe('a tool as tools/list shows it', () => {
  it('lists a part its output schema repeats once, under definitions, and refers to it where it recurs', () => {
    const schema = listedTool(comparePeriodsTool).outputSchema;
    expect(schema).toMatchObject({
      properties: {
        overall: { $ref: '#/definitions/comparison' },
        endpoints: { type: 'array', items: { $ref: '#/definitions/comparison' } },
      },
      definitions: {
        comparison: {
          properties: { verdict: { $ref: '#/definitions/verdict' }, before: { $ref: '#/definitions/period' } },
        },
      },
    });
    expect(Object.keys(schema?.definitions as object)).toEqual(['comparison', 'verdict', 'period']);
  });

  it('shapes the shared definitions like the rest of the output schema: no required, no additionalProperties', () => {
    const text = JSON.stringify(listedTool(comparePeriodsTool).outputSchema);
    expect(text).not.toContain('"required"');
    expect(text).not.toContain('"additionalProperties"');
  });
});
