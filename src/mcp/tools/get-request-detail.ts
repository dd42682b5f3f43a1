import { z } from 'zod';
import { McpRequestDetailDocument } from '../../generated/graphql.ts';
import { defineTool, READ_ONLY } from '../tool.ts';
import { requestSummaryOutput, toRequestSummary } from './request-summary.ts';

const headersOutput = z.record(z.string(), z.unknown());

export const getRequestDetailTool = defineTool({
  name: 'get_request_detail',
  title: 'Get one request in full',
  description: 'One request in full: headers, bodies, route, sizes. Secrets are redacted.',
  scopes: ['traffic:read'],
  annotations: READ_ONLY,
  input: z.object({ id: z.string().min(1).max(100).describe('From search_requests or get_errors.') }).strict(),
  output: requestSummaryOutput.extend({
    url: z.string(),
    route: z.string(),
    environment: z.string(),
    request_size: z.number(),
    response_size: z.number(),
    blocked_reason: z.string().nullable(),
    request_headers: headersOutput,
    request_body: z.string().nullable(),
    request_body_truncated: z.boolean(),
    response_headers: headersOutput,
    response_body: z.string().nullable(),
    response_body_truncated: z.boolean(),
  }),
  async run(args, { execute }) {
    const { requestDetail: r } = await execute(McpRequestDetailDocument, { id: args.id });
    const structured = {
      ...toRequestSummary(r),
      url: r.url,
      route: r.route,
      environment: r.environment.name,
      request_size: r.requestSize,
      response_size: r.responseSize,
      blocked_reason: r.blockedReason,
      request_headers: (r.requestHeaders ?? {}) as Record<string, unknown>,
      request_body: r.requestBody,
      request_body_truncated: r.requestBodyTruncated,
      response_headers: (r.responseHeaders ?? {}) as Record<string, unknown>,
      response_body: r.responseBody,
      response_body_truncated: r.responseBodyTruncated,
    };
    const headers = (h: Record<string, unknown>) =>
      Object.entries(h)
        .map(([k, v]) => `  ${k}: ${String(v)}`)
        .join('\n') || '  (none)';
    const body = (b: string | null, truncated: boolean) =>
      b === null ? '  (none)' : `  ${b}${truncated ? '\n  [truncated at capture]' : ''}`;
    const text = [
      `${r.method} ${r.url}`,
      `Status ${r.status}${r.blocked ? ` (blocked: ${r.blockedReason ?? 'no reason'})` : ''} in ${r.durationMs.toFixed(1)} ms at ${r.timestamp}`,
      `Bucket ${r.bucket.name}, environment ${r.environment.name}, client ${r.clientIp ?? '-'}, id ${r.id}`,
      'Request headers:',
      headers(structured.request_headers),
      `Request body (${r.requestSize} bytes):`,
      body(r.requestBody, r.requestBodyTruncated),
      'Response headers:',
      headers(structured.response_headers),
      `Response body (${r.responseSize} bytes):`,
      body(r.responseBody, r.responseBodyTruncated),
    ];
    return { structured, text: text.join('\n') };
  },
});
