import { randomBytes } from 'node:crypto';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { NodeStreamableHTTPServerTransport } from '@modelcontextprotocol/node';
import { isInitializeRequest } from '@modelcontextprotocol/server';
import type { OriginPolicy } from '../http/origin-policy.ts';
import type { StreamRegistry } from '../http/stream-registry.ts';
import type { Logger } from '../logger.ts';
import { createMcpServer, type McpServerDependencies } from './create-mcp-server.ts';
import { readJsonRpcBody } from './json-rpc-body.ts';
import { createModernEraHandler, isLegacyEraPost } from './modern-era-handler.ts';
import {
  authenticateMcpRequest,
  type McpCaller,
  sendJsonRpcError,
  sendJsonRpcUnavailable,
  type ProtectedResource,
} from './mcp-http-auth.ts';
import { SessionStoreUnavailableError, type SessionStore } from './sessions/session-store.ts';

export interface McpRouteDependencies {
  sessions: SessionStore;
  server: McpServerDependencies;
  originAllowed: OriginPolicy;
  logger: Logger;
  idleSeconds: number;
  /**
   * How often an open event stream (Streamable HTTP GET, legacy SSE) re-checks its token and its session or
   * idleness; the GET stream also writes its keep-alive then. Tests shorten it instead of sleeping.
   */
  streamCheckSeconds: number;
  maxBodyBytes: number;
  /** Open event streams, ended at once when the server drains. */
  streams: StreamRegistry;
  /** Set when OAuth is on: tokens bound to this resource are accepted and anonymous callers pointed at discovery. */
  protectedResource: ProtectedResource | null;
}

const SESSION_HEADER = 'mcp-session-id';

/**
 * One /mcp endpoint for both protocol eras. A 2026-07-28 request (no handshake, no session) goes to the
 * SDK's stateless handler. 2025-11-25 and older clients get Streamable HTTP with sessions kept in a
 * SessionStore instead of in the SDK transport: each request is served by a fresh stateless transport
 * and server for the caller, so any instance can serve any session, a revoked token fails on its next
 * request, and sessions isolate nothing but their owner. GET and DELETE exist only in the 2025 era.
 */
export function createStreamableHttpRoute(deps: McpRouteDependencies) {
  const serveModern = createModernEraHandler(deps.server, deps.logger);
  return async (req: IncomingMessage, res: ServerResponse) => {
    const auth = await authenticateMcpRequest(req, res, deps.originAllowed, deps.protectedResource);
    if (!auth) return;
    const sessionId = req.headers[SESSION_HEADER] as string | undefined;
    try {
      if (req.method === 'POST') return await handlePost(req, res, auth, sessionId);
      if (req.method === 'GET') return await handleGet(req, res, auth, sessionId);
      if (req.method === 'DELETE') {
        if (!(await ownedSession(res, sessionId, auth.tokenHash))) return;
        await deps.sessions.delete(sessionId!);
        res.writeHead(200).end();
        return;
      }
      res.writeHead(405, { allow: 'GET, POST, DELETE' }).end();
    } catch (error) {
      if (error instanceof SessionStoreUnavailableError) {
        deps.logger.warn({ err: error.detail }, 'MCP session store unavailable');
        if (!res.headersSent) sendJsonRpcUnavailable(res, error);
        return;
      }
      throw error;
    }
  };

  /** The session exists and belongs to this token; otherwise a 400/404 has been sent. */
  async function ownedSession(res: ServerResponse, sessionId: string | undefined, tokenHash: string): Promise<boolean> {
    if (!sessionId) {
      sendJsonRpcError(res, 400, -32000, 'Bad Request: Mcp-Session-Id header is required');
      return false;
    }
    const record = await deps.sessions.touch(sessionId, deps.idleSeconds);
    // Another token's session reads exactly like an unknown one.
    if (!record || record.tokenHash !== tokenHash || record.transport !== 'streamable-http') {
      sendJsonRpcError(res, 404, -32001, 'Session not found');
      return false;
    }
    return true;
  }

  async function handlePost(req: IncomingMessage, res: ServerResponse, auth: McpCaller, sessionId: string | undefined) {
    const parsed = await readJsonRpcBody(req, res, deps.maxBodyBytes);
    if (!parsed) return;
    const body = parsed.value;
    if (!sessionId && !(await isLegacyEraPost(req, body)))
      return serveModern(req, res, body, auth.principal, auth.tokenHash);
    const messages = Array.isArray(body) ? body : [body];
    if (messages.some((message) => isInitializeRequest(message))) {
      if (sessionId)
        return sendJsonRpcError(res, 400, -32600, 'Invalid Request: initialize must not carry an Mcp-Session-Id');
      // Refused here, before a session exists: the SDK refuses these too, but only after one was created.
      if (messages.length > 1)
        return sendJsonRpcError(res, 400, -32600, 'Invalid Request: initialize must be sent alone, not in a batch');
      const accept = String(req.headers.accept ?? '');
      if (!accept.includes('application/json') || !accept.includes('text/event-stream')) {
        return sendJsonRpcError(
          res,
          406,
          -32000,
          'Not Acceptable: Client must accept both application/json and text/event-stream',
        );
      }
      const id = randomBytes(32).toString('base64url');
      const initialize = messages.find((message) => isInitializeRequest(message)) as {
        params: { protocolVersion: string };
      };
      await deps.sessions.create(
        {
          id,
          tokenHash: auth.tokenHash,
          transport: 'streamable-http',
          protocolVersion: initialize.params.protocolVersion,
          createdAt: Date.now(),
        },
        deps.idleSeconds,
      );
      res.setHeader(SESSION_HEADER, id);
      deps.server.metrics?.mcpSessionsCreated.inc({ transport: 'streamable-http' });
    } else if (!(await ownedSession(res, sessionId, auth.tokenHash))) {
      return;
    }
    const server = createMcpServer(deps.server, auth.principal);
    const transport = new NodeStreamableHTTPServerTransport({
      sessionIdGenerator: undefined,
      enableJsonResponse: true,
    });
    res.on('close', () => {
      void transport.close();
      void server.close();
    });
    await server.connect(transport);
    await transport.handleRequest(req, res, body);
  }

  /** A stream for server-initiated messages. This server sends none yet, so it carries keep-alives until the session ends. */
  async function handleGet(req: IncomingMessage, res: ServerResponse, auth: McpCaller, sessionId: string | undefined) {
    const { tokenHash } = auth;
    if (!String(req.headers.accept ?? '').includes('text/event-stream')) {
      return sendJsonRpcError(res, 406, -32000, 'Not Acceptable: Client must accept text/event-stream');
    }
    if (!(await ownedSession(res, sessionId, tokenHash))) return;
    res.writeHead(200, {
      'content-type': 'text/event-stream',
      'cache-control': 'no-cache',
      connection: 'keep-alive',
      [SESSION_HEADER]: sessionId!,
    });
    res.write(': stream open\n\n');
    deps.streams.track(res);
    const timer = setInterval(async () => {
      const alive = await deps.sessions.touch(sessionId!, deps.idleSeconds).then(
        (r) => r !== null && r.tokenHash === tokenHash,
        () => true,
      );
      const tokenValid = await auth.stillValid().catch(() => false);
      if (!alive || !tokenValid) {
        clearInterval(timer);
        res.end();
        return;
      }
      res.write(': keep-alive\n\n');
    }, deps.streamCheckSeconds * 1000);
    res.on('close', () => clearInterval(timer));
  }
}
