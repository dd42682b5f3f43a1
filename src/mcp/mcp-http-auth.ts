import type { IncomingMessage, ServerResponse } from 'node:http';
import { type AuthRefusal, insufficientScope, protectedResourceRefusal } from '../auth/auth-refusal.ts';
import type { Principal } from '../auth/principal.ts';
import { requestCaller } from '../auth/request-authentication.ts';
import { hashTokenSecret } from '../auth/token-secret.ts';
import type { ServiceUnavailableError } from '../errors.ts';
import { sendJson } from '../http/json-response.ts';
import type { OriginPolicy } from '../http/origin-policy.ts';
import { TOOL_SCOPES, toolsFor } from './tool-registry.ts';

export type TokenPrincipal = Extract<Principal, { kind: 'token' }>;

/** An MCP caller: always an access token, its session owner key, and a re-check for streams that outlive the request. */
export interface McpCaller {
  principal: TokenPrincipal;
  tokenHash: string;
  stillValid: () => Promise<boolean>;
}

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

function refuse(res: ServerResponse, refusal: AuthRefusal): null {
  sendJsonRpcError(res, refusal.status, -32001, refusal.message, refusal.headers);
  return null;
}

/**
 * The checks every MCP HTTP request passes before any MCP handling: Origin, then the request's caller (401
 * with the protected resource's challenge, see protectedResourceRefusal), then at least one MCP scope (403).
 */
export async function authenticateMcpRequest(
  req: IncomingMessage,
  res: ServerResponse,
  originAllowed: OriginPolicy,
  resourceServer: ProtectedResource | null = null,
): Promise<McpCaller | null> {
  const protectedResource = resourceServer?.started ? resourceServer : null;
  if (!originAllowed(req.headers.origin)) {
    sendJsonRpcError(res, 403, -32000, 'Forbidden: Origin is not allowed (set ALLOWED_ORIGINS)');
    return null;
  }
  const caller = requestCaller();
  const authentication = await caller.authentication();
  const challenge = protectedResource
    ? { resourceMetadataUrl: protectedResource.resourceMetadataUrl, scopes: TOOL_SCOPES }
    : null;
  const unauthenticated = protectedResourceRefusal(authentication, challenge);
  if (unauthenticated) return refuse(res, unauthenticated);
  const { principal } = authentication;
  const bearer = caller.credential.bearer;
  if (principal?.kind !== 'token' || !bearer)
    return refuse(
      res,
      insufficientScope(
        'MCP needs an access token scoped to one environment; create one with "trafficgraph token create"',
      ),
    );
  // Derived from the tools' own declared scopes, so a new tool's scope opens MCP without a second list here.
  if (toolsFor(principal).length === 0)
    return refuse(
      res,
      insufficientScope('insufficient_scope: this token has no scope any MCP tool needs', TOOL_SCOPES),
    );
  // Sessions belong to a credential. An OAuth access token is replaced every few minutes by refresh, so
  // its sessions belong to the grant's token row instead.
  return {
    principal,
    tokenHash: bearer.isStatic ? bearer.hash : hashTokenSecret(`oauth-grant-token:${principal.tokenId}`),
    stillValid: caller.stillValid,
  };
}
