import {
  GraphQLDirective,
  GraphQLList,
  GraphQLNonNull,
  GraphQLString,
  DirectiveLocation,
  type GraphQLSchema,
} from 'graphql';
import { builder } from '../builder.ts';
import '../scalars.ts';
import './environments.ts';
import './buckets.ts';
import './environment-mutations.ts';
import './bucket-mutations.ts';
import './access-tokens.ts';
import './viewer.ts';
import './demo-data.ts';
import './requests.ts';
import './analytics.ts';
import './top-errors.ts';
import './endpoints.ts';
import './route-suggestions.ts';
import './compare-periods.ts';
import './anomalies.ts';
import './events.ts';
import './event-mutations.ts';
import './rules.ts';
import './inventory.ts';
import './snapshot-import.ts';
import './ingest.ts';
import './rule-mutations.ts';
import './audit-log.ts';
import './retention.ts';

const directiveDefinitions = [
  new GraphQLDirective({
    name: 'auth',
    description: 'The scopes a caller needs to resolve this field (admin implies all).',
    locations: [DirectiveLocation.FIELD_DEFINITION],
    args: { scopes: { type: new GraphQLNonNull(new GraphQLList(new GraphQLNonNull(GraphQLString))) } },
  }),
  new GraphQLDirective({
    name: 'sanitized',
    description: 'Secrets and PII in this field are replaced by [REDACTED_*] placeholders on every surface.',
    locations: [DirectiveLocation.FIELD_DEFINITION],
    args: { as: { type: new GraphQLNonNull(GraphQLString) } },
  }),
];

let schema: GraphQLSchema | undefined;

/** The one schema every surface executes against; built once per process. */
export function buildSchema(): GraphQLSchema {
  schema ??= builder.toSchema({ directives: directiveDefinitions, sortSchema: true });
  return schema;
}
