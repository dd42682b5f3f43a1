import {
  ENDPOINT_CELL_MS,
  endpoints,
  ENDPOINT_SORTS,
  type EndpointRow,
  type EndpointStats,
} from '../../domain/analytics/endpoints.ts';
import { UserInputError } from '../../errors.ts';
import { builder, requireScopes } from '../builder.ts';
import { coverageFor, DataCoverageType } from './data-coverage.ts';
import { analyticsRangeFor, pageSize, TimeRangeInput, TimeRangeType, trafficScopeFor } from './traffic-arguments.ts';

type EndpointsShape = Awaited<ReturnType<typeof endpoints>>;

const EndpointSortEnum = builder.enumType('EndpointSort', {
  description:
    'volume: most requests; p95: slowest; error_rate: most errors per request; change: largest p95 rise against the previous period.',
  values: ENDPOINT_SORTS,
});

const EndpointStatsType = builder.objectRef<EndpointStats>('EndpointStats').implement({
  description:
    'One endpoint over a range. Percentiles are within 2% of exact nearest-rank (log-spaced bins); counts and average are exact.',
  fields: (t) => ({
    count: t.exposeInt('count'),
    clientErrorCount: t.exposeInt('status4xx'),
    serverErrorCount: t.exposeInt('status5xx'),
    errorRate: t.exposeFloat('errorRate', { description: '(4xx + 5xx) / count.' }),
    averageMs: t.exposeFloat('averageMs'),
    p50Ms: t.exposeFloat('p50Ms'),
    p95Ms: t.exposeFloat('p95Ms'),
    p99Ms: t.exposeFloat('p99Ms'),
  }),
});

const Endpoint = builder.objectRef<EndpointRow>('Endpoint').implement({
  fields: (t) => ({
    method: t.exposeString('method'),
    route: t.exposeString('route', {
      description: 'The stored route: the path with ids as :id, or the route the client reported.',
    }),
    stats: t.field({ type: EndpointStatsType, resolve: (e) => e }),
    previous: t.field({
      type: EndpointStatsType,
      nullable: true,
      description: 'The previous period of the same length; null when the endpoint had no requests then.',
      resolve: (e) => e.previous,
    }),
    p95Change: t.exposeFloat('p95Change', {
      nullable: true,
      description: 'p95 now divided by p95 in the previous period.',
    }),
  }),
});

const Endpoints = builder.objectRef<EndpointsShape>('Endpoints').implement({
  fields: (t) => ({
    range: t.field({ type: TimeRangeType, resolve: (p) => p.range }),
    previousRange: t.field({ type: TimeRangeType, resolve: (p) => p.previousRange }),
    coverage: t.field({
      type: DataCoverageType,
      description:
        'Whether retention kept what `range` needs (whole hours from route rollups, raw rows for partial ones).',
      resolve: (p, _args, ctx) => coverageFor(ctx, p.range, 'rollups', ENDPOINT_CELL_MS),
    }),
    previousCoverage: t.field({
      type: DataCoverageType,
      description: 'The same for `previousRange`, which `previous` and `p95Change` are computed from.',
      resolve: (p, _args, ctx) => coverageFor(ctx, p.previousRange, 'rollups', ENDPOINT_CELL_MS),
    }),
    totalCount: t.exposeInt('totalEndpoints', { description: 'Endpoints with requests in the range.' }),
    untrackedRequests: t.exposeInt('untrackedRequests', {
      description:
        'Requests in the range on routes past the per-hour route bound (500 per bucket), counted in totals but not per endpoint.',
    }),
    nodes: t.field({ type: [Endpoint], resolve: (p) => p.endpoints }),
    endCursor: t.string({
      nullable: true,
      description: 'Pass as after for the next page; null on the last.',
      resolve: (p) => (p.nextOffset === null ? null : encodeOffset(p.nextOffset)),
    }),
  }),
});

const encodeOffset = (offset: number) => Buffer.from(`endpoints:${offset}`).toString('base64url');

function decodeOffset(cursor: string | null | undefined): number {
  if (!cursor) return 0;
  const match = /^endpoints:(\d{1,6})$/.exec(Buffer.from(cursor, 'base64url').toString());
  if (!match) throw new UserInputError('after: not a cursor from endpoints', 'after');
  return Number(match[1]);
}

builder.queryFields((t) => ({
  endpoints: t.field({
    ...requireScopes('traffic:read'),
    type: Endpoints,
    description:
      'Volume, error rate and p50/p95/p99 per endpoint (method + route), with the previous period of the same length for comparison.',
    args: {
      environment: t.arg.string({
        required: false,
        description: "Environment name or id; a token's own environment when omitted.",
      }),
      range: t.arg({ type: TimeRangeInput, required: false }),
      buckets: t.arg.stringList({ required: false }),
      sort: t.arg({ type: EndpointSortEnum, required: false, defaultValue: 'volume' }),
      first: t.arg.int({ required: false, description: '1 to 100, default 20.' }),
      after: t.arg.string({ required: false }),
    },
    resolve: async (_root, a, ctx) => {
      const scope = await trafficScopeFor(ctx, a.environment, a.buckets);
      return endpoints(ctx.db.sql, scope, analyticsRangeFor(ctx, a.range, 'rollups'), {
        sort: a.sort ?? 'volume',
        limit: pageSize(a.first),
        offset: decodeOffset(a.after),
      });
    },
  }),
}));
