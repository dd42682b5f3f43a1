import type { Principal } from './principal.ts';
import type { RequestAuthentication } from './request-authentication.ts';

/** Why a surface refuses its caller; each surface writes it in its own body shape (seed JSON, OTLP status, JSON-RPC). */
export interface AuthRefusal {
  status: 401 | 403;
  message: string;
  headers: { 'www-authenticate': string };
}

/** RFC 6750 section 3: the challenge every 401 and 403 of this server carries. */
export function bearerChallenge(
  params: {
    error?: 'invalid_token' | 'insufficient_scope';
    resourceMetadataUrl?: string;
    scope?: readonly string[];
  } = {},
): { 'www-authenticate': string } {
  let challenge = 'Bearer realm="trafficgraph"';
  if (params.error) challenge += `, error="${params.error}"`;
  if (params.resourceMetadataUrl) challenge += `, resource_metadata="${params.resourceMetadataUrl}"`;
  if (params.scope) challenge += `, scope="${params.scope.join(' ')}"`;
  return { 'www-authenticate': challenge };
}

function refusal(status: 401 | 403, message: string, headers = bearerChallenge()): AuthRefusal {
  return { status, message, headers };
}

/**
 * REST and OTLP: the caller, or 401 when its credential failed or it sent none (`required` says which token
 * the route needs). Both say only `realm`: these surfaces are not OAuth protected resources.
 */
export function requireCaller(
  authentication: RequestAuthentication,
  required: string,
): { principal: Principal; refusal: null } | { principal: null; refusal: AuthRefusal } {
  if (authentication.failure) return { principal: null, refusal: refusal(401, authentication.failure.message) };
  if (authentication.principal.kind === 'anonymous') return { principal: null, refusal: refusal(401, required) };
  return { principal: authentication.principal, refusal: null };
}

/** /mcp as an OAuth protected resource (RFC 9728), while OAuth is on. */
export interface ResourceChallenge {
  resourceMetadataUrl: string;
  /** The scopes the resource's tools need, offered to clients that come without a token. */
  scopes: readonly string[];
}

/**
 * MCP: the 401s of an OAuth protected resource. Only a request with no credential, or with a credential that
 * is not one of this server's static tokens, is pointed at discovery (`resource_metadata`): clients such as
 * Cursor and Claude Code drop a configured header once a server advertises OAuth, so a wrong static token
 * gets a plain `invalid_token`. A failed OAuth token does carry the pointer, which is how clients re-authorize.
 */
export function protectedResourceRefusal(
  authentication: RequestAuthentication,
  resource: ResourceChallenge | null,
): AuthRefusal | null {
  if (authentication.failure) {
    const discovery =
      resource && !authentication.credential.bearer?.isStatic ? resource.resourceMetadataUrl : undefined;
    return refusal(
      401,
      authentication.failure.message,
      bearerChallenge({ error: 'invalid_token', resourceMetadataUrl: discovery }),
    );
  }
  if (authentication.principal.kind === 'anonymous')
    return refusal(
      401,
      'A bearer token is required: Authorization: Bearer <MCP token>, or OAuth',
      bearerChallenge(resource ? { resourceMetadataUrl: resource.resourceMetadataUrl, scope: resource.scopes } : {}),
    );
  return null;
}

/** 403: the caller is known but its token does not open this surface. */
export function insufficientScope(message: string, scope?: readonly string[]): AuthRefusal {
  return refusal(403, message, bearerChallenge({ error: 'insufficient_scope', scope }));
}

/** 401 with a message of the route's own (e.g. /metrics, which only the admin token opens from afar). */
export function unauthenticated(message: string): AuthRefusal {
  return refusal(401, message);
}
