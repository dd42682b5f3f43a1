import { z } from 'zod';
import { McpEndpointsDocument } from '../../generated/graphql.ts';
import { defineTool, READ_ONLY } from '../tool.ts';
import {
  bucketArgument,
  bucketsVariable,
  coverageOutput,
  pageArguments,
  rangeOutput,
  rangeVariable,
  timeArguments,
} from '../tool-arguments.ts';
import { incompleteLine, pageFooter, percent, rangeLine, table } from '../text-format.ts';

const SORTS = ['volume', 'p95', 'error_rate', 'change'] as const;
const round = (ms: number) => Math.round(ms * 10) / 10;
const ratio = (change: number | null | undefined) =>
  change === null || change === undefined ? 'new' : `${change.toFixed(2)}x`;

export const getEndpointsTool = defineTool({
  name: 'get_endpoints',
  title: 'Get per-endpoint latency and errors',
  description:
    'Per endpoint (method + route): requests, error rate, p50/p95/p99 (within 2%) and p95 change against the previous period of the same length.',
  scopes: ['traffic:read'],
  annotations: READ_ONLY,
  input: z
    .object({
      ...timeArguments,
      ...bucketArgument,
      sort: z.enum(SORTS).optional().describe('Default volume.'),
      ...pageArguments,
    })
    .strict(),
  output: z.object({
    range: rangeOutput,
    coverage: coverageOutput,
    previous_coverage: coverageOutput.describe('Of the previous period, which previous_* and p95_change come from.'),
    total: z.number(),
    untracked_requests: z.number(),
    endpoints: z.array(
      z.object({
        method: z.string(),
        route: z.string(),
        requests: z.number(),
        error_rate: z.number(),
        p50_ms: z.number(),
        p95_ms: z.number(),
        p99_ms: z.number(),
        previous_requests: z.number().nullable(),
        previous_p95_ms: z.number().nullable(),
        p95_change: z.number().nullable(),
      }),
    ),
    next_cursor: z.string().nullable(),
  }),
  async run(args, { execute }) {
    const { endpoints: page } = await execute(McpEndpointsDocument, {
      range: rangeVariable(args),
      buckets: bucketsVariable(args.bucket),
      sort: args.sort ?? 'volume',
      first: args.limit ?? 20,
      after: args.cursor ?? null,
    });
    const endpoints = page.nodes.map((n) => ({
      method: n.method,
      route: n.route,
      requests: n.stats.count,
      error_rate: n.stats.errorRate,
      p50_ms: round(n.stats.p50Ms),
      p95_ms: round(n.stats.p95Ms),
      p99_ms: round(n.stats.p99Ms),
      previous_requests: n.previous?.count ?? null,
      previous_p95_ms: n.previous ? round(n.previous.p95Ms) : null,
      p95_change: n.p95Change ?? null,
    }));
    const untracked =
      page.untrackedRequests > 0
        ? `${page.untrackedRequests} requests on routes past the per-hour route limit are not listed.`
        : null;
    return {
      structured: {
        range: page.range,
        coverage: page.coverage,
        previous_coverage: page.previousCoverage,
        total: page.totalCount,
        untracked_requests: page.untrackedRequests,
        endpoints,
        next_cursor: page.endCursor ?? null,
      },
      text: [
        rangeLine(
          page.range,
          page.coverage,
          args,
          `, sorted by ${args.sort ?? 'volume'}; p95 change is against the previous period of the same length`,
        ),
        incompleteLine(page.previousCoverage, 'previous period'),
        table(
          ['endpoint', 'requests', 'errors', 'p50 ms', 'p95 ms', 'p99 ms', 'p95 before', 'change'],
          endpoints.map((e) => [
            `${e.method} ${e.route}`,
            e.requests,
            percent(e.error_rate),
            e.p50_ms,
            e.p95_ms,
            e.p99_ms,
            e.previous_p95_ms,
            ratio(e.p95_change),
          ]),
        ),
        untracked,
        pageFooter(endpoints.length, page.totalCount, page.endCursor ?? null),
      ]
        .filter((line) => line !== null)
        .join('\n'),
    };
  },
});
