import { KNOWN_ROUTE_DAYS, routeSuggestions, type RouteSuggestions } from '../../domain/analytics/route-suggestions.ts';
import { UserInputError } from '../../errors.ts';
import { builder, requireScopes } from '../builder.ts';
import { trafficScopeFor } from './traffic-arguments.ts';

const RouteSuggestionsType = builder.objectRef<RouteSuggestions>('RouteSuggestions').implement({
  description: `Whether a route filter names an endpoint with requests in the ${KNOWN_ROUTE_DAYS} days before until, and if not, the nearest routes that had some.`,
  fields: (t) => ({
    known: t.exposeBoolean('known', {
      description: 'True when some stored route is this one, its parameters in any syntax (:id, {id}, <int:id>).',
    }),
    closest: t.exposeStringList('closest', {
      description: 'When not known: up to `first` stored routes, nearest first.',
    }),
  }),
});

builder.queryFields((t) => ({
  routeSuggestions: t.field({
    ...requireScopes('traffic:read'),
    type: RouteSuggestionsType,
    description: `For a route filter that counted nothing: whether the route is known (requests in the ${KNOWN_ROUTE_DAYS} days before until) and, if not, the nearest known routes.`,
    args: {
      route: t.arg.string({ required: true }),
      until: t.arg({
        type: 'DateTime',
        required: false,
        description: 'The end of the answer that counted nothing; now when omitted.',
      }),
      environment: t.arg.string({
        required: false,
        description: "Environment name or id; a token's own environment when omitted.",
      }),
      buckets: t.arg.stringList({ required: false }),
      first: t.arg.int({ required: false, description: '1 to 10, default 3.' }),
    },
    resolve: async (_root, a, ctx) => {
      const first = a.first ?? 3;
      if (!Number.isInteger(first) || first < 1 || first > 10) throw new UserInputError('first: 1 to 10', 'first');
      const scope = await trafficScopeFor(ctx, a.environment, a.buckets);
      return routeSuggestions(ctx.db.sql, scope, a.route.trim(), a.until ?? new Date(), first);
    },
  }),
}));
