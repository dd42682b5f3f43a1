import { z } from 'zod';
import { McpSearchRequestsDocument } from '../../generated/graphql.ts';
import { defineTool, READ_ONLY } from '../tool.ts';
import {
  bucketArgument,
  bucketsVariable,
  pageArguments,
  rangeOutput,
  rangeVariable,
  statusClassesVariable,
  searchFilterArguments,
  timeArguments,
} from '../tool-arguments.ts';
import { pageFooter, rangeLine } from '../text-format.ts';
import { requestSummaryOutput, requestTable, toRequestSummary } from './request-summary.ts';

export const searchRequestsTool = defineTool({
  name: 'search_requests',
  title: 'Search API requests',
  description: 'Captured requests by method, status, path, text, user agent, IP or blocked; newest first, paginated.',
  scopes: ['traffic:read'],
  annotations: READ_ONLY,
  input: z.object({ ...timeArguments, ...bucketArgument, ...searchFilterArguments, ...pageArguments }).strict(),
  output: z.object({
    range: rangeOutput,
    total: z.number(),
    requests: z.array(requestSummaryOutput),
    next_cursor: z.string().nullable(),
  }),
  async run(args, { execute }) {
    const data = await execute(McpSearchRequestsDocument, {
      range: rangeVariable(args),
      buckets: bucketsVariable(args.bucket),
      filter: {
        methods: args.method ? [args.method] : null,
        status: args.status ?? null,
        statusClasses: statusClassesVariable(args.status_class),
        path: args.path ?? null,
        query: args.query ?? null,
        userAgent: args.user_agent ?? null,
        clientIp: args.ip ?? null,
        blocked: args.blocked ?? null,
      },
      first: args.limit ?? 20,
      after: args.cursor ?? null,
    });
    const page = data.searchRequests;
    const requests = page.nodes.map(toRequestSummary);
    const next = page.pageInfo.hasNextPage ? page.pageInfo.endCursor : null;
    return {
      structured: { range: page.range, total: page.totalCount, requests, next_cursor: next },
      text: [
        rangeLine(page.range, page.coverage, args),
        requestTable(requests),
        pageFooter(requests.length, page.totalCount, next),
      ].join('\n'),
    };
  },
});
