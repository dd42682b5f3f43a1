import type { Scope } from '../generated/graphql.ts';

/** Scopes a token can be given in the console: label, and whether it is on by default (the seed's MCP token scopes). */
export const SCOPE_CHOICES: [Scope, string, boolean][] = [
  ['TRAFFIC_READ', 'traffic:read: search, metrics, errors, percentiles', true],
  ['EVENTS_READ', 'events:read: list events', true],
  ['EVENTS_WRITE', 'events:write: create events (deployment markers)', true],
  ['CONFIG_READ', 'config:read: environments, buckets, rules', true],
  ['INVENTORY_READ', 'inventory:read: MCP server inventory', false],
  ['INVENTORY_WRITE', 'inventory:write: report inventory snapshots (a fleet scanner), nothing else', false],
  ['TRAFFIC_WRITE', 'traffic:write: ingest captured requests', false],
];
