import { z } from 'zod';
import { UserInputError } from '../../errors.ts';
import type { RequestFilter } from '../../domain/analytics/request-filter.ts';
import { ERROR_STATUS_CLASSES, isErrorStatusClass } from '../../domain/analytics/status-classes.ts';
import { errorGroupsRange, type ErrorGroupFilter, topErrorGroups } from '../../domain/analytics/top-errors.ts';
import type { AnswerSource } from '../../domain/retention/data-coverage.ts';
import type { TimeRange } from '../../domain/time/time-range.ts';
import { builder, requireScopes } from '../builder.ts';
import { coverageFor, DataCoverageType } from './data-coverage.ts';
import {
  analyticsRangeFor,
  TimeRangeType,
  toRequestFilter,
  trafficArguments,
  trafficScopeFor,
} from './traffic-arguments.ts';
import { StatusClassEnum } from './traffic-enums.ts';

type TopErrorsShape = { range: TimeRange; source: AnswerSource; groups: Awaited<ReturnType<typeof topErrorGroups>> };

const ErrorGroup = builder.objectRef<TopErrorsShape['groups'][number]>('ErrorGroup').implement({
  fields: (t) => ({
    method: t.exposeString('method'),
    route: t.exposeString('route', {
      description: 'Path with ids replaced by :id.',
      directives: { sanitized: { as: 'TEXT' } },
    }),
    status: t.exposeInt('status'),
    count: t.exposeInt('count'),
  }),
});

const TopErrors = builder.objectRef<TopErrorsShape>('TopErrors').implement({
  fields: (t) => ({
    range: t.field({ type: TimeRangeType, resolve: (s) => s.range }),
    groups: t.field({ type: [ErrorGroup], resolve: (s) => s.groups }),
    coverage: t.field({ type: DataCoverageType, resolve: (s, _args, ctx) => coverageFor(ctx, s.range, s.source) }),
  }),
});

/**
 * Only what can narrow error groups: a RequestFilterInput here would accept free text or a host and answer
 * as if they had narrowed nothing, or refuse them only when called.
 */
const ErrorGroupFilterInput = builder.inputType('ErrorGroupFilterInput', {
  description: 'Every field given narrows the groups counted.',
  fields: (t) => ({
    methods: t.stringList({ required: false }),
    status: t.int({ required: false, description: 'An exact status code.' }),
    statusClasses: t.field({ type: [StatusClassEnum], required: false, description: 'CLIENT_ERROR or SERVER_ERROR.' }),
    route: t.string({
      required: false,
      description:
        'A route as stored and listed (e.g. /api/users/:id); its parameters may be written in any syntax (:id, {id}, <int:id>).',
      validate: z.string().max(500),
    }),
    path: t.string({
      required: false,
      description:
        'A path prefix, or a glob (* within a segment, ** across). Counted from stored requests, so the range is limited to their retention.',
      validate: z.string().max(500),
    }),
  }),
});

function toErrorGroupFilter(filter: RequestFilter | null | undefined): ErrorGroupFilter | null {
  const checked: RequestFilter | null = toRequestFilter(filter);
  if (!checked) return null;
  const { methods, status, statusClasses, route, path } = checked;
  // Groups are errors only: a filter that can match no error is a mistake to name, not an empty answer.
  if (statusClasses && !statusClasses.every(isErrorStatusClass))
    throw new UserInputError(
      (name) => `${name('filter.statusClasses')}: error groups are ${ERROR_STATUS_CLASSES.join(' or ')}`,
      'filter.statusClasses',
    );
  if (status !== undefined && status !== null && status < 400)
    throw new UserInputError(
      (name) => `${name('filter.status')}: error groups have a status of 400 or more`,
      'filter.status',
    );
  return { methods, status, statusClasses, route, path };
}

builder.queryField('topErrors', (t) =>
  t.field({
    ...requireScopes('traffic:read'),
    type: TopErrors,
    description:
      'The most frequent (method, route, status) among 4xx and 5xx responses. The range starts at a whole UTC day for ranges over 7 days, a whole hour over a day, a whole minute otherwise, and ends where asked (now at the latest); `range` is the one used.',
    args: {
      ...trafficArguments,
      filter: t.arg({ type: ErrorGroupFilterInput, required: false }),
      limit: t.arg.int({ required: false, defaultValue: 10, validate: z.number().int().min(1).max(100) }),
    },
    resolve: async (_root, a, ctx) => {
      const filter = toErrorGroupFilter(a.filter);
      // The rollups keep routes, not paths: a path filter counts stored requests, within their retention.
      const source: AnswerSource = filter?.path?.trim() ? 'raw' : 'rollups';
      const range = errorGroupsRange(analyticsRangeFor(ctx, a.range, source));
      const scope = await trafficScopeFor(ctx, a.environment, a.buckets);
      return { range, source, groups: await topErrorGroups(ctx.db.sql, scope, range, a.limit ?? 10, filter) };
    },
  }),
);
