import { describe, expect, it } from 'vitest';
import { listedTool } from '../../src/mcp/tool-list.ts';
import { comparePeriodsTool } from '../../src/mcp/tools/compare-periods.ts';
import { getInventoryDriftTool } from '../../src/mcp/tools/get-inventory-drift.ts';
import { getMcpServerTool } from '../../src/mcp/tools/get-mcp-server.ts';
import { useTrafficTools } from '../helpers/mcp-tool-harness.ts';

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

  it("keeps an integer argument's own bounds but not the safe-integer range zod adds to every integer", () => {
    expect(listedTool(getMcpServerTool).inputSchema.properties?.id).toEqual({
      type: 'integer',
      minimum: 1,
      description: 'From list_mcp_servers.',
    });
    expect(listedTool(getInventoryDriftTool).inputSchema.properties?.snapshots).toMatchObject({
      minimum: 2,
      maximum: 100,
    });
  });
});

describe('tools/list over Streamable HTTP', () => {
  const tools = useTrafficTools({ traffic: false });

  it("lists the seed's tools in a fixed order, each annotated and with an output schema", async () => {
    const { tools: listed } = await tools.listTools();
    expect(listed.map((t) => t.name)).toEqual([
      'search_requests',
      'get_metrics',
      'get_errors',
      'get_request_detail',
      'get_throughput',
      'get_response_times',
      'get_endpoints',
      'compare_periods',
      'find_anomalies',
      'list_buckets',
      'list_environments',
      'list_redactions',
      'list_exclusions',
      'list_events',
      'create_event',
    ]);
    for (const tool of listed) {
      expect(tool.annotations).toMatchObject({
        readOnlyHint: expect.any(Boolean),
        destructiveHint: false,
        idempotentHint: expect.any(Boolean),
        openWorldHint: false,
      });
      expect(tool.outputSchema?.type).toBe('object');
      expect(Object.keys(tool.inputSchema.properties ?? {})).not.toContain('environment');
    }
    expect(listed.find((t) => t.name === 'create_event')!.annotations!.readOnlyHint).toBe(false);
    expect(listed.find((t) => t.name === 'get_metrics')!.description).not.toMatch(/\d{4}-\d{2}-\d{2}T/);
  });

  it('lists compare_periods and find_anomalies as read-only, idempotent, with an output schema', async () => {
    const { tools: listed } = await tools.listTools();
    for (const name of ['compare_periods', 'find_anomalies']) {
      const tool = listed.find((t) => t.name === name)!;
      expect(tool.annotations).toMatchObject({
        readOnlyHint: true,
        destructiveHint: false,
        idempotentHint: true,
        openWorldHint: false,
      });
      expect(tool.outputSchema?.type).toBe('object');
      expect(Object.keys(tool.inputSchema.properties ?? {})).not.toContain('environment');
    }
  });

  it('lists only the inventory tools to a token with inventory:read alone', async () => {
    const { client } = await tools.connect(['inventory:read']);
    expect((await client.listTools()).tools.map((t) => t.name)).toEqual([
      'list_mcp_servers',
      'get_mcp_server',
      'get_mcp_server_stats',
      'get_inventory_drift',
    ]);
  });
});
