import { manageableTokens } from '../../auth/token-administration.ts';
import { queryAuditLog } from '../../domain/audit/query-audit-log.ts';
import { builder, requireScopes } from '../builder.ts';
import { RequestPageInfo } from './requests.ts';
import { pageSize, rangeFor, TimeRangeInput, TimeRangeType } from './traffic-arguments.ts';

type AuditPage = Awaited<ReturnType<typeof queryAuditLog>>;

const AuditEntryType = builder.objectRef<AuditPage['nodes'][number]>('AuditEntry').implement({
  description: 'One tool call, REST call or mutation. Arguments are a sanitized, size-capped summary.',
  fields: (t) => ({
    id: t.exposeID('id'),
    at: t.expose('at', { type: 'DateTime' }),
    requestId: t.exposeString('requestId', {
      description: 'The X-Request-Id of the HTTP request, also in the server log.',
    }),
    surface: t.exposeString('surface', { description: 'graphql, mcp or rest.' }),
    operation: t.exposeString('operation', {
      description: 'e.g. "tool get_metrics", "GET /api/v1/mcp-servers", "mutation createEvent".',
    }),
    principalKind: t.exposeString('principalKind'),
    principalName: t.exposeString('principalName'),
    tokenId: t.exposeString('tokenId', { nullable: true }),
    environmentId: t.exposeString('environmentId', { nullable: true }),
    clientAddress: t.exposeString('clientAddress', { nullable: true }),
    durationMs: t.exposeFloat('durationMs'),
    outcome: t.exposeString('outcome', { description: '"ok" or the error code the caller saw.' }),
    errorMessage: t.exposeString('errorMessage', { nullable: true }),
    arguments: t.string({
      nullable: true,
      description: 'The summarised arguments as JSON text.',
      directives: { sanitized: { as: 'TEXT' } },
      resolve: (entry) => (entry.arguments === null ? null : JSON.stringify(entry.arguments)),
    }),
  }),
});

const AuditConnection = builder.objectRef<AuditPage>('AuditConnection').implement({
  fields: (t) => ({
    nodes: t.field({ type: [AuditEntryType], resolve: (page) => page.nodes }),
    pageInfo: t.field({ type: RequestPageInfo, resolve: (page) => page.pageInfo }),
    totalCount: t.exposeInt('totalCount'),
    range: t.field({ type: TimeRangeType, resolve: (page) => page.range }),
  }),
});

builder.queryField('auditLog', (t) =>
  t.field({
    ...requireScopes('admin'),
    type: AuditConnection,
    description: 'Tool calls, REST calls and mutations, newest first (default: the last 24 hours).',
    args: {
      range: t.arg({ type: TimeRangeInput, required: false }),
      surface: t.arg.string({ required: false }),
      operation: t.arg.string({ required: false, description: 'Substring of the operation, e.g. "get_metrics".' }),
      principalName: t.arg.string({ required: false }),
      outcome: t.arg.string({ required: false }),
      requestId: t.arg.string({ required: false }),
      first: t.arg.int({ required: false, defaultValue: 50, description: '1 to 100.' }),
      after: t.arg.string({ required: false }),
    },
    resolve: (_root, args, ctx) =>
      queryAuditLog(
        ctx.db,
        ctx.principal.kind === 'token' ? manageableTokens(ctx.access) : null,
        {
          range: rangeFor(ctx, args.range, 'raw'),
          surface: args.surface,
          operation: args.operation,
          principalName: args.principalName,
          outcome: args.outcome,
          requestId: args.requestId,
        },
        pageSize(args.first),
        args.after,
      ),
  }),
);
