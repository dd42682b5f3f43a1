import type { IncomingMessage, ServerResponse } from 'node:http';
import type { Authenticator } from '../auth/authenticator.ts';
import type { Principal } from '../auth/principal.ts';
import { hashTokenSecret, isStaticTokenSecret } from '../auth/token-secret.ts';
import { UnauthenticatedError, type ServiceUnavailableError } from '../errors.ts';
import { sendJson } from '../http/json-response.ts';
import type { OriginPolicy } from '../http/origin-policy.ts';
import { TOOL_SCOPES, toolsFor } from './tool-registry.ts';

export type TokenPrincipal = Extract<Principal, { kind: 'token' }>;

/** /mcp as an OAuth protected resource (RFC 9728): what tokens must be bound to, where clients learn how to get one. */
export interface ProtectedResource {
  /** False for the moment between listening and knowing the public URL: OAuth is then off. */
  readonly started: boolean;
  readonly resource: string;
  readonly resourceMetadataUrl: string;
}

export function sendJsonRpcError(
  res: ServerResponse,
  status: number,
  code: number,
  message: string,
  headers: Record<string, string> = {},
) {
  sendJson(res, status, { jsonrpc: '2.0', error: { code, message }, id: null }, headers);
}

/** A dependency is down (the session store): 503 with its own message and Retry-After, as JSON-RPC. */
export function sendJsonRpcUnavailable(res: ServerResponse, error: ServiceUnavailableError) {
  sendJsonRpcError(res, 503, -32000, error.message, { 'retry-after': String(error.retryAfterSeconds) });
}

/**
 * The checks every MCP HTTP request passes before any MCP handling: Origin, then a valid access token
 * (401 with WWW-Authenticate), then at least one MCP scope (403 insufficient_scope).
 *
 * Only a request with no credential is pointed at OAuth discovery (`resource_metadata`): clients such as
 * Cursor and Claude Code drop a configured header once a server advertises OAuth, so a wrong static token
 * gets a plain `invalid_token`. A failed OAuth token does carry the pointer, which is how clients re-authorize.
 */
export async function authenticateMcpRequest(
  req: IncomingMessage,
  res: ServerResponse,
  authenticator: Authenticator,
  originAllowed: OriginPolicy,
  resourceServer: ProtectedResource | null = null,
): Promise<{ principal: TokenPrincipal; tokenHash: string } | null> {
  const protectedResource = resourceServer?.started ? resourceServer : null;
  if (!originAllowed(req.headers.origin)) {
    sendJsonRpcError(res, 403, -32000, 'Forbidden: Origin is not allowed (set ALLOWED_ORIGINS)');
    return null;
  }
  const authorization = req.headers.authorization;
  let principal: Principal;
  try {
    principal = await authenticator.authenticate(
      authorization,
      protectedResource ? { oauthAudience: protectedResource.resource } : {},
    );
  } catch (error) {
    if (!(error instanceof UnauthenticatedError)) throw error;
    const secret = /^Bearer\s+(\S+)/i.exec(authorization ?? '')?.[1] ?? '';
    const discovery =
      protectedResource && !isStaticTokenSecret(secret)
        ? `, resource_metadata="${protectedResource.resourceMetadataUrl}"`
        : '';
    sendJsonRpcError(res, 401, -32001, error.message, {
      'www-authenticate': `Bearer realm="trafficgraph", error="invalid_token"${discovery}`,
    });
    return null;
  }
  if (principal.kind === 'anonymous') {
    const discovery = protectedResource
      ? `, resource_metadata="${protectedResource.resourceMetadataUrl}", scope="${TOOL_SCOPES.join(' ')}"`
      : '';
    sendJsonRpcError(res, 401, -32001, 'A bearer token is required: Authorization: Bearer <MCP token>, or OAuth', {
      'www-authenticate': `Bearer realm="trafficgraph"${discovery}`,
    });
    return null;
  }
  if (principal.kind !== 'token') {
    sendJsonRpcError(
      res,
      403,
      -32001,
      'MCP needs an access token scoped to one environment; create one with "trafficgraph token create"',
      {
        'www-authenticate': 'Bearer realm="trafficgraph", error="insufficient_scope"',
      },
    );
    return null;
  }
  // Derived from the tools' own declared scopes, so a new tool's scope opens MCP without a second list here.
  if (toolsFor(principal).length === 0) {
    sendJsonRpcError(res, 403, -32001, 'insufficient_scope: this token has no scope any MCP tool needs', {
      'www-authenticate': `Bearer realm="trafficgraph", error="insufficient_scope", scope="${TOOL_SCOPES.join(' ')}"`,
    });
    return null;
  }
  const secret = /^Bearer\s+(\S+)/i.exec(authorization!)![1]!;
  // Sessions belong to a credential. An OAuth access token is replaced every few minutes by refresh, so
  // its sessions belong to the grant's token row instead.
  return {
    principal,
    tokenHash: hashTokenSecret(isStaticTokenSecret(secret) ? secret : `oauth-grant-token:${principal.tokenId}`),
  };
}
