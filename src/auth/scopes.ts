/** Every scope a token can hold. `admin` implies all others. */
export const SCOPES = [
  'traffic:read',
  'traffic:write',
  'events:read',
  'events:write',
  'config:read',
  'inventory:read',
  /** Report inventory snapshots (what a fleet's scanners hold), and nothing else. */
  'inventory:write',
  'admin',
] as const;

export type Scope = (typeof SCOPES)[number];

/** The seed's "MCP token": read-only traffic and configuration, and events (create_event is its only write). */
export const MCP_TOKEN_SCOPES: Scope[] = ['traffic:read', 'events:read', 'events:write', 'config:read'];

export function isScope(value: string): value is Scope {
  return (SCOPES as readonly string[]).includes(value);
}
