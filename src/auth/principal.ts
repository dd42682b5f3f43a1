import type { Scope } from './scopes.ts';

/** Who is calling. Admins see every account; an access token sees one environment and some buckets. */
export type Principal =
  | { kind: 'anonymous' }
  | { kind: 'admin'; name: string }
  /** A caller on loopback with no token, on a server listening on loopback only: the seed's local REST use. */
  | { kind: 'local'; name: string; scopes: Scope[] }
  | {
      kind: 'token';
      tokenId: string;
      name: string;
      accountId: string;
      environmentId: string;
      /** Read with the token, so resolving the caller's own environment costs no query. */
      environmentName: string;
      /** null: every bucket of the account. */
      bucketIds: string[] | null;
      scopes: Scope[];
    };

export function principalHasScope(principal: Principal, scope: Scope): boolean {
  if (principal.kind === 'admin') return true;
  if (principal.kind === 'local') return principal.scopes.includes(scope);
  if (principal.kind !== 'token') return false;
  return principal.scopes.includes('admin') || principal.scopes.includes(scope);
}

/** The name recorded as creator of events and tokens. */
export function principalLabel(principal: Principal): string {
  if (principal.kind === 'admin') return 'admin';
  if (principal.kind === 'token') return `token:${principal.name}`;
  if (principal.kind === 'local') return 'local';
  return 'anonymous';
}
