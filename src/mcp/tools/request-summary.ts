import { z } from 'zod';
import type { McpRequestSummaryFragment } from '../../generated/graphql.ts';
import { table } from '../text-format.ts';

export const requestSummaryOutput = z.object({
  id: z.string(),
  timestamp: z.string(),
  method: z.string(),
  path: z.string(),
  host: z.string(),
  status: z.number(),
  duration_ms: z.number(),
  client_ip: z.string().nullable(),
  user_agent: z.string().nullable(),
  blocked: z.boolean(),
  bucket: z.string(),
});

export function toRequestSummary(node: McpRequestSummaryFragment): z.infer<typeof requestSummaryOutput> {
  return {
    id: node.id,
    timestamp: node.timestamp,
    method: node.method,
    path: node.path,
    host: node.host,
    status: node.status,
    duration_ms: node.durationMs,
    client_ip: node.clientIp,
    user_agent: node.userAgent,
    blocked: node.blocked,
    bucket: node.bucket.name,
  };
}

export function requestTable(rows: z.infer<typeof requestSummaryOutput>[]): string {
  if (rows.length === 0) return 'No matching requests.';
  return table(
    ['time', 'method', 'status', 'ms', 'bucket', 'path', 'id'],
    rows.map((r) => [
      r.timestamp,
      r.method,
      `${r.status}${r.blocked ? ' blocked' : ''}`,
      r.duration_ms.toFixed(1),
      r.bucket,
      r.path,
      r.id,
    ]),
  );
}
