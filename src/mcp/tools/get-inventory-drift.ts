import { z } from 'zod';
import { McpInventoryDriftDocument } from '../../generated/graphql.ts';
import { defineTool, READ_ONLY } from '../tool.ts';
import { table } from '../text-format.ts';

const fieldChange = z.object({
  field: z.string(),
  change: z.string(),
  before: z.string().nullable(),
  after: z.string().nullable(),
});

export const getInventoryDriftTool = defineTool({
  name: 'get_inventory_drift',
  title: 'MCP configuration drift per machine',
  description:
    'Per machine, what changed in MCP server configurations between consecutive snapshots, newest first: servers added or removed; command, args, url, transport, disabled; env and header names; secrets rotated (by fingerprint, never value).',
  scopes: ['inventory:read'],
  annotations: READ_ONLY,
  input: z
    .object({
      machine: z.string().max(255).optional().describe('One machine id (as the console shows it).'),
      snapshots: z
        .number()
        .int()
        .min(2)
        .max(100)
        .optional()
        .describe('Latest snapshots compared per machine. Default 10.'),
    })
    .strict(),
  output: z.object({
    steps: z.array(
      z.object({
        machine: z.string(),
        hostname: z.string().nullable(),
        from_snapshot_id: z.number(),
        to_snapshot_id: z.number(),
        from_taken_at: z.string(),
        to_taken_at: z.string(),
        servers: z.array(
          z.object({
            server_name: z.string(),
            client: z.string(),
            file_path: z.string(),
            change: z.string(),
            fields: z.array(fieldChange),
          }),
        ),
      }),
    ),
  }),
  async run(args, { execute }) {
    const { inventoryDrift } = await execute(McpInventoryDriftDocument, {
      machine: args.machine ?? null,
      snapshots: args.snapshots ?? 10,
    });
    const steps = inventoryDrift.map((d) => ({
      machine: d.machine,
      hostname: d.hostname ?? null,
      from_snapshot_id: d.fromSnapshotId,
      to_snapshot_id: d.toSnapshotId,
      from_taken_at: d.fromTakenAt,
      to_taken_at: d.toTakenAt,
      servers: d.servers.map((s) => ({
        server_name: s.serverName,
        client: s.client,
        file_path: s.filePath,
        change: s.change,
        fields: s.fields.map((f) => ({ ...f, before: f.before ?? null, after: f.after ?? null })),
      })),
    }));
    const what = (s: (typeof steps)[number]['servers'][number]) =>
      s.change === 'changed'
        ? s.fields
            .map((f) =>
              f.change === 'changed' ? `${f.field}: ${f.before ?? '-'} -> ${f.after ?? '-'}` : `${f.field} ${f.change}`,
            )
            .join('; ')
        : s.change;
    const text = steps.map((step) => {
      const title = `Machine ${step.machine}${step.hostname ? ` (${step.hostname})` : ''}: snapshot ${step.from_snapshot_id} (${step.from_taken_at}) -> ${step.to_snapshot_id} (${step.to_taken_at})`;
      if (step.servers.length === 0) return `${title}\nNo change.`;
      return `${title}\n${table(
        ['server', 'client', 'change'],
        step.servers.map((s) => [s.server_name, s.client, what(s)]),
      )}`;
    });
    return {
      structured: { steps },
      text: steps.length === 0 ? 'No drift to show: no machine has two snapshots yet.' : text.join('\n\n'),
    };
  },
});
