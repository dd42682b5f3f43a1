import DataLoader from 'dataloader';
import { createContextCache } from '@pothos/core';
import {
  searchRequests,
  type RequestPage,
  type RequestRow,
  type SearchOptions,
} from '../../domain/analytics/search-requests.ts';
import { ERROR_STATUS_CLASSES, isErrorStatusClass, statusClassOf } from '../../domain/analytics/status-classes.ts';
import type { TrafficScope } from '../../domain/analytics/traffic-scope.ts';
import type { TimeRange } from '../../domain/time/time-range.ts';
import { scopedWhere } from '../../auth/data-access.ts';
import { NotFoundError, UserInputError } from '../../errors.ts';
import { builder, requireScopes } from '../builder.ts';
import type { GraphQLContext } from '../context.ts';
import { BucketType } from './buckets.ts';
import { EnvironmentType } from './environments.ts';
import { coverageFor, DataCoverageType, rawRangeFor } from './data-coverage.ts';
import { selectsField } from '../selects-field.ts';
import {
  pageSize,
  rangeFor,
  RequestFilterInput,
  TimeRangeInput,
  TimeRangeType,
  toRequestFilter,
  trafficScopeFor,
} from './traffic-arguments.ts';
import { StatusClassEnum } from './traffic-enums.ts';

interface RequestPayload {
  requestHeaders: unknown;
  requestBody: string | null;
  requestBodyTruncated: boolean;
  responseHeaders: unknown;
  responseBody: string | null;
  responseBodyTruncated: boolean;
}

// Headers and bodies are the heavy part of a request: loaded in one batch, and only when selected.
const payloadLoader = createContextCache(
  (ctx: GraphQLContext) =>
    new DataLoader<bigint, RequestPayload, string>(
      async (ids) => {
        const rows = await ctx.db.prisma.request.findMany({
          where: { id: { in: [...ids] } },
          select: {
            id: true,
            requestHeaders: true,
            requestBody: true,
            requestBodyTruncated: true,
            responseHeaders: true,
            responseBody: true,
            responseBodyTruncated: true,
          },
        });
        const byId = new Map(rows.map((row) => [row.id.toString(), row]));
        return ids.map((id) => byId.get(id.toString()) ?? new Error(`request ${id} vanished`));
      },
      { cacheKeyFn: (id) => id.toString() },
    ),
);

const payload =
  <K extends keyof RequestPayload>(key: K) =>
  async (row: RequestRow, _args: object, ctx: GraphQLContext) =>
    (await payloadLoader(ctx).load(row.id))[key];

export const RequestType = builder.objectRef<RequestRow>('Request').implement({
  description: 'One captured HTTP exchange. Headers and bodies pass the sanitizer on the way out.',
  fields: (t) => ({
    id: t.string({ description: 'Opaque public id.', resolve: (row) => row.publicId }),
    timestamp: t.expose('timestamp', { type: 'DateTime' }),
    method: t.exposeString('method'),
    url: t.exposeString('url', { directives: { sanitized: { as: 'TEXT' } } }),
    host: t.exposeString('host'),
    path: t.exposeString('path', { directives: { sanitized: { as: 'TEXT' } } }),
    route: t.exposeString('route', {
      description: 'The path with ids replaced by :id.',
      directives: { sanitized: { as: 'TEXT' } },
    }),
    query: t.exposeString('query', { nullable: true, directives: { sanitized: { as: 'TEXT' } } }),
    status: t.exposeInt('status'),
    statusClass: t.field({ type: StatusClassEnum, resolve: (row) => statusClassOf(row.status) }),
    durationMs: t.exposeFloat('durationMs'),
    requestSize: t.exposeInt('requestSize'),
    responseSize: t.exposeInt('responseSize'),
    clientIp: t.exposeString('clientIp', { nullable: true }),
    userAgent: t.exposeString('userAgent', { nullable: true, directives: { sanitized: { as: 'TEXT' } } }),
    blocked: t.exposeBoolean('blocked'),
    blockedReason: t.exposeString('blockedReason', { nullable: true, directives: { sanitized: { as: 'TEXT' } } }),
    bucket: t.loadable({
      type: BucketType,
      load: (ids: string[], ctx: GraphQLContext) =>
        ctx.db.prisma.bucket
          .findMany({ where: { id: { in: ids } } })
          .then((rows) => ids.map((id) => rows.find((b) => b.id === id)!)),
      resolve: (row) => row.bucketId,
    }),
    environment: t.loadable({
      type: EnvironmentType,
      load: (ids: string[], ctx: GraphQLContext) =>
        ctx.db.prisma.environment
          .findMany({ where: { id: { in: ids } } })
          .then((rows) => ids.map((id) => rows.find((e) => e.id === id)!)),
      resolve: (row) => row.environmentId,
    }),
    requestHeaders: t.field({
      type: 'JSON',
      directives: { sanitized: { as: 'JSON' } },
      resolve: payload('requestHeaders'),
    }),
    requestBody: t.string({
      nullable: true,
      directives: { sanitized: { as: 'TEXT' } },
      resolve: payload('requestBody'),
    }),
    requestBodyTruncated: t.boolean({ resolve: payload('requestBodyTruncated') }),
    responseHeaders: t.field({
      type: 'JSON',
      directives: { sanitized: { as: 'JSON' } },
      resolve: payload('responseHeaders'),
    }),
    responseBody: t.string({
      nullable: true,
      directives: { sanitized: { as: 'TEXT' } },
      resolve: payload('responseBody'),
    }),
    responseBodyTruncated: t.boolean({ resolve: payload('responseBodyTruncated') }),
  }),
});

interface RequestEdgeShape {
  cursor: string;
  node: RequestRow;
}

const RequestEdge = builder.objectRef<RequestEdgeShape>('RequestEdge').implement({
  fields: (t) => ({
    cursor: t.exposeString('cursor'),
    node: t.field({ type: RequestType, resolve: (edge) => edge.node }),
  }),
});

export const RequestPageInfo = builder
  .objectRef<{ hasNextPage: boolean; endCursor: string | null }>('RequestPageInfo')
  .implement({
    fields: (t) => ({
      hasNextPage: t.exposeBoolean('hasNextPage'),
      endCursor: t.exposeString('endCursor', { nullable: true, description: 'Pass as `after` for the next page.' }),
    }),
  });

type RequestConnectionShape = Awaited<ReturnType<typeof searchRequests>>;

const RequestConnection = builder.objectRef<RequestConnectionShape>('RequestConnection').implement({
  description: 'A page of requests, newest first.',
  fields: (t) => ({
    edges: t.field({
      type: [RequestEdge],
      resolve: (page) => page.rows.map((row) => ({ cursor: row.cursor, node: row })),
    }),
    nodes: t.field({ type: [RequestType], resolve: (page) => page.rows }),
    pageInfo: t.field({ type: RequestPageInfo, resolve: (page) => page }),
    totalCount: t.int({
      description: 'All matches in the range, not just this page.',
      resolve: (page) => {
        if (page.totalCount === null) throw new Error('totalCount was selected but not counted');
        return page.totalCount;
      },
    }),
    range: t.field({ type: TimeRangeType, resolve: (page) => page.range }),
    coverage: t.field({
      type: DataCoverageType,
      description: 'Whether raw requests of this range were deleted by retention (RETENTION_DAYS).',
      resolve: (page, _args, ctx) => coverageFor(ctx, page.range, 'raw'),
    }),
  }),
});

/**
 * A search over the part of the asked range whose raw rows retention keeps; the answer names the asked
 * range, and its coverage says what was cut.
 */
async function searchRetainedRequests(
  ctx: GraphQLContext,
  scope: TrafficScope,
  asked: TimeRange,
  options: Omit<SearchOptions, 'range'>,
): Promise<RequestPage> {
  const readable = await rawRangeFor(ctx, asked);
  if (!readable)
    return {
      rows: [],
      hasNextPage: false,
      endCursor: null,
      totalCount: options.count === false ? null : 0,
      range: asked,
    };
  return { ...(await searchRequests(ctx.db.sql, scope, { ...options, range: readable })), range: asked };
}

builder.queryFields((t) => {
  const args = {
    environment: t.arg.string({
      required: false,
      description: "Environment name or id; a token's own environment when omitted.",
    }),
    range: t.arg({ type: TimeRangeInput, required: false }),
    buckets: t.arg.stringList({
      required: false,
      description: 'Bucket names or ids; all the caller may see when omitted.',
    }),
    filter: t.arg({ type: RequestFilterInput, required: false }),
    first: t.arg.int({ required: false, defaultValue: 20, description: 'Page size, 1 to 100.' }),
    after: t.arg.string({ required: false, description: 'endCursor of the previous page.' }),
  };
  return {
    searchRequests: t.field({
      ...requireScopes('traffic:read'),
      type: RequestConnection,
      description: 'Captured requests matching the filters, newest first.',
      args,
      resolve: async (_root, a, ctx, info) => {
        const scope = await trafficScopeFor(ctx, a.environment, a.buckets);
        return searchRetainedRequests(ctx, scope, rangeFor(ctx, a.range, 'raw'), {
          filter: toRequestFilter(a.filter),
          first: pageSize(a.first),
          after: a.after,
          count: selectsField(info, 'totalCount'),
        });
      },
    }),
    errors: t.field({
      ...requireScopes('traffic:read'),
      type: RequestConnection,
      description: 'Requests answered with 4xx or 5xx, newest first (statusClasses may narrow to one of them).',
      args,
      resolve: async (_root, a, ctx, info) => {
        const scope = await trafficScopeFor(ctx, a.environment, a.buckets);
        const filter = toRequestFilter(a.filter) ?? {};
        const classes = filter.statusClasses?.length
          ? filter.statusClasses.filter(isErrorStatusClass)
          : [...ERROR_STATUS_CLASSES];
        if (classes.length === 0)
          throw new UserInputError(
            `filter.statusClasses: errors are ${ERROR_STATUS_CLASSES.join(' or ')}`,
            'filter.statusClasses',
          );
        return searchRetainedRequests(ctx, scope, rangeFor(ctx, a.range, 'raw'), {
          filter: { ...filter, statusClasses: classes },
          first: pageSize(a.first),
          after: a.after,
          count: selectsField(info, 'totalCount'),
        });
      },
    }),
    requestDetail: t.field({
      ...requireScopes('traffic:read'),
      type: RequestType,
      description:
        "Everything captured for one request. An id outside the caller's environment or buckets reads as not found.",
      args: { id: t.arg.string({ required: true }) },
      resolve: async (_root, { id }, ctx) => {
        const row = await ctx.db.prisma.request.findFirst({
          where: { publicId: id, ...scopedWhere.traffic(ctx.access) },
        });
        if (!row) throw new NotFoundError(`Request "${id}"`);
        return { ...row, durationMs: Number(row.durationMs) };
      },
    }),
  };
});
