import { z } from 'zod';
import { ERROR_STATUS_CLASSES } from '../../domain/analytics/status-classes.ts';
import { McpErrorsDocument } from '../../generated/graphql.ts';
import { defineTool, READ_ONLY } from '../tool.ts';
import {
  bucketArgument,
  bucketsVariable,
  pageArguments,
  rangeOutput,
  rangeVariable,
  statusClassesVariable,
  timeArguments,
} from '../tool-arguments.ts';
import { pageFooter, rangeLine, table } from '../text-format.ts';
import { requestSummaryOutput, requestTable, toRequestSummary } from './request-summary.ts';

export const getErrorsTool = defineTool({
  name: 'get_errors',
  title: 'List error responses',
  description: 'Requests answered 4xx or 5xx, newest first, and the most frequent error groups.',
  scopes: ['traffic:read'],
  annotations: READ_ONLY,
  input: z
    .object({
      ...timeArguments,
      ...bucketArgument,
      status: z.number().int().min(400).max(599).optional().describe('Exact, e.g. 500.'),
      status_class: z.enum(ERROR_STATUS_CLASSES).optional(),
      method: z.string().max(16).optional(),
      path: z.string().max(500).optional().describe('Prefix or glob.'),
      ...pageArguments,
    })
    .strict(),
  output: z.object({
    range: rangeOutput,
    total: z.number(),
    top_groups: z.array(z.object({ method: z.string(), route: z.string(), status: z.number(), count: z.number() })),
    requests: z.array(requestSummaryOutput),
    next_cursor: z.string().nullable(),
  }),
  async run(args, { execute }) {
    const filter = {
      status: args.status ?? null,
      statusClasses: statusClassesVariable(args.status_class),
      methods: args.method ? [args.method] : null,
      path: args.path ?? null,
    };
    const data = await execute(McpErrorsDocument, {
      range: rangeVariable(args),
      buckets: bucketsVariable(args.bucket),
      filter,
      // The top groups are narrowed by the same arguments as the list, path included.
      groupFilter: filter,
      first: args.limit ?? 20,
      after: args.cursor ?? null,
    });
    const page = data.errors;
    const requests = page.nodes.map(toRequestSummary);
    const next = page.pageInfo.hasNextPage ? page.pageInfo.endCursor : null;
    const groups = data.topErrors.groups;
    const text = [
      rangeLine(page.range, page.coverage, args),
      groups.length > 0
        ? `Top error groups:\n${table(
            ['count', 'status', 'method', 'route'],
            groups.map((g) => [g.count, g.status, g.method, g.route]),
          )}`
        : 'No errors in range.',
      requests.length > 0 ? `Latest errors:\n${requestTable(requests)}` : '',
      pageFooter(requests.length, page.totalCount, next),
    ].filter(Boolean);
    return {
      structured: { range: page.range, total: page.totalCount, top_groups: groups, requests, next_cursor: next },
      text: text.join('\n'),
    };
  },
});
