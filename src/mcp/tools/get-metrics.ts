import { z } from 'zod';
import { McpMetricsDocument } from '../../generated/graphql.ts';
import { defineTool, READ_ONLY } from '../tool.ts';
import { unknownRouteLine } from '../unknown-route.ts';
import {
  bucketArgument,
  bucketsVariable,
  filterLine,
  rangeOutput,
  rangeVariable,
  timeArguments,
  trafficFilterArguments,
  trafficFilterVariable,
} from '../tool-arguments.ts';
import { ms, percent, rangeLine } from '../text-format.ts';

export const getMetricsTool = defineTool({
  name: 'get_metrics',
  title: 'Get summary metrics',
  description: 'Summary: requests, average response time, 4xx/5xx errors and rate, blocked; optionally filtered.',
  scopes: ['traffic:read'],
  annotations: READ_ONLY,
  input: z.object({ ...timeArguments, ...bucketArgument, ...trafficFilterArguments }).strict(),
  output: z.object({
    range: rangeOutput,
    total_requests: z.number(),
    average_response_time_ms: z.number().nullable(),
    error_count: z.number(),
    client_error_count: z.number(),
    server_error_count: z.number(),
    error_rate: z.number(),
    blocked_count: z.number(),
  }),
  async run(args, context) {
    const { execute } = context;
    const { metrics: m } = await execute(McpMetricsDocument, {
      range: rangeVariable(args),
      buckets: bucketsVariable(args.bucket),
      filter: trafficFilterVariable(args),
    });
    const unknownRoute = await unknownRouteLine(args, { counted: m.totalRequests, until: m.range.to }, context);
    return {
      structured: {
        range: m.range,
        total_requests: m.totalRequests,
        average_response_time_ms: m.averageResponseTimeMs,
        error_count: m.errorCount,
        client_error_count: m.clientErrorCount,
        server_error_count: m.serverErrorCount,
        error_rate: m.errorRate,
        blocked_count: m.blockedCount,
      },
      text: [
        rangeLine(m.range, m.coverage, args),
        filterLine(args),
        unknownRoute,
        `Total requests: ${m.totalRequests}`,
        `Average response time: ${ms(m.averageResponseTimeMs)}`,
        `Errors: ${m.errorCount} (${percent(m.errorRate)}): ${m.clientErrorCount} 4xx, ${m.serverErrorCount} 5xx`,
        `Blocked: ${m.blockedCount}`,
      ]
        .filter((line) => line !== null)
        .join('\n'),
    };
  },
});
