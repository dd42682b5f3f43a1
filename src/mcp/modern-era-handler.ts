import type { IncomingMessage, ServerResponse } from 'node:http';
import { toNodeHandler } from '@modelcontextprotocol/node';
import { type AuthInfo, createMcpHandler, isLegacyRequest } from '@modelcontextprotocol/server';
import type { Logger } from '../logger.ts';
import { createMcpServer, type McpServerDependencies } from './create-mcp-server.ts';
import type { TokenPrincipal } from './mcp-http-auth.ts';

/**
 * The caller, handed through the SDK to the server factory. The SDK passes `authInfo` through untouched
 * (it never reads credentials itself), so the factory gets the principal this route authenticated.
 */
class CallerAuthInfo implements AuthInfo {
  readonly token: string;
  readonly clientId: string;
  readonly scopes: string[];
  constructor(
    readonly principal: TokenPrincipal,
    tokenHash: string,
  ) {
    this.token = tokenHash;
    this.clientId = principal.tokenId;
    this.scopes = [...principal.scopes];
  }
}

/**
 * Whether a POSTed body belongs to the 2025 era (initialize, then an Mcp-Session-Id on every request) or
 * is a 2026-07-28 request (its own `_meta` envelope, no session). The SDK decides from the body and the
 * standard headers, which is all this request carries: the body was read already.
 */
export function isLegacyEraPost(req: IncomingMessage, body: unknown): Promise<boolean> {
  const headers = new Headers();
  for (const name of ['mcp-protocol-version', 'mcp-method', 'mcp-name']) {
    const value = req.headers[name];
    if (typeof value === 'string') headers.set(name, value);
  }
  return isLegacyRequest(new Request('http://mcp.local/mcp', { method: 'POST', headers }), body);
}

/**
 * 2026-07-28 requests, served statelessly by SDK v2: every request is authenticated on its own (so a
 * revoked token fails on its next call) and answered by a fresh server for the caller. 2025-era requests
 * never reach this handler (`legacy: 'reject'`); the session route serves them.
 */
export function createModernEraHandler(deps: McpServerDependencies, logger: Logger) {
  const handler = createMcpHandler(
    ({ authInfo }) => {
      if (!(authInfo instanceof CallerAuthInfo)) throw new Error('MCP request reached the server unauthenticated');
      return createMcpServer(deps, authInfo.principal);
    },
    {
      legacy: 'reject',
      // Both refused requests (a revision this server does not speak, headers that disagree with the
      // body) and failures arrive here; the client has its answer either way.
      onerror: (error) => logger.warn({ err: error }, 'MCP 2026-07-28 request refused or failed'),
    },
  );
  const serve = toNodeHandler(handler, {
    onerror: (error) => logger.error({ err: error }, 'MCP 2026-07-28 request failed'),
  });
  return (req: IncomingMessage, res: ServerResponse, body: unknown, principal: TokenPrincipal, tokenHash: string) =>
    serve(Object.assign(req, { auth: new CallerAuthInfo(principal, tokenHash) }), res, body);
}
