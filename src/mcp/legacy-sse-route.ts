import type { IncomingMessage, ServerResponse } from 'node:http';
import { type JSONRPCMessage, parseJSONRPCMessage } from '@modelcontextprotocol/server';
import { createMcpServer } from './create-mcp-server.ts';
import { readJsonRpcBody } from './json-rpc-body.ts';
import { LegacySseTransport } from './legacy-sse-transport.ts';
import { authenticateMcpRequest, sendJsonRpcError, sendJsonRpcUnavailable } from './mcp-http-auth.ts';
import type { McpRouteDependencies } from './streamable-http-route.ts';
import { SessionStoreUnavailableError, type MessageBus } from './sessions/session-store.ts';

export const LEGACY_SSE_PATH = '/mcp/sse';
export const LEGACY_MESSAGE_PATH = '/mcp/sse/message';

/**
 * The 2024-11-05 HTTP+SSE transport for older clients. The stream lives on one instance; messages may be
 * posted to any instance and travel over the MessageBus (Redis pub/sub when REDIS_URL is set).
 */
export function createLegacySseRoutes(deps: McpRouteDependencies & { bus: MessageBus }) {
  async function openStream(req: IncomingMessage, res: ServerResponse) {
    const auth = await authenticateMcpRequest(req, res, deps.originAllowed, deps.protectedResource);
    if (!auth) return;
    const transport = new LegacySseTransport(LEGACY_MESSAGE_PATH, res);
    const server = createMcpServer(deps.server, auth.principal);
    let unsubscribe: (() => Promise<void>) | null = null;
    // Every message for this stream arrives over the bus, so the last one is the session's last activity.
    let lastActivity = Date.now();
    try {
      await deps.sessions.create(
        {
          id: transport.sessionId,
          tokenHash: auth.tokenHash,
          transport: 'sse',
          protocolVersion: null,
          createdAt: Date.now(),
        },
        deps.idleSeconds,
      );
      unsubscribe = await deps.bus.subscribe(transport.sessionId, (message) => {
        lastActivity = Date.now();
        const parsed = jsonRpcMessage(JSON.parse(message));
        if (parsed) transport.handleMessage(parsed);
      });
    } catch (error) {
      if (error instanceof SessionStoreUnavailableError) return sendJsonRpcUnavailable(res, error);
      throw error;
    }
    deps.streams.track(res);
    deps.server.metrics?.mcpSessionsCreated.inc({ transport: 'sse' });
    // The stream outlives the request that authenticated it: re-check the token (revoked, expired) and
    // idleness on a timer, as the Streamable HTTP GET stream does, and end the stream when either fails.
    const check = setInterval(async () => {
      const idle = Date.now() - lastActivity >= deps.idleSeconds * 1000;
      const tokenValid = idle || (await auth.stillValid().catch(() => false));
      if (idle || !tokenValid) res.end();
    }, deps.streamCheckSeconds * 1000);
    res.on('close', () => {
      clearInterval(check);
      void unsubscribe?.();
      void deps.sessions.delete(transport.sessionId).catch(() => {});
      void server.close();
    });
    await server.connect(transport);
  }

  async function postMessage(req: IncomingMessage, res: ServerResponse) {
    const auth = await authenticateMcpRequest(req, res, deps.originAllowed, deps.protectedResource);
    if (!auth) return;
    const sessionId = new URL(req.url ?? '', 'http://local').searchParams.get('sessionId');
    if (!sessionId) return sendJsonRpcError(res, 400, -32000, 'Bad Request: sessionId query parameter is required');
    const parsed = await readJsonRpcBody(req, res, deps.maxBodyBytes);
    if (!parsed) return;
    const message = parsed.value;
    if (!jsonRpcMessage(message)) return sendJsonRpcError(res, 400, -32600, 'Invalid Request: not a JSON-RPC message');
    try {
      const record = await deps.sessions.touch(sessionId, deps.idleSeconds);
      if (!record || record.tokenHash !== auth.tokenHash || record.transport !== 'sse')
        return sendJsonRpcError(res, 404, -32001, 'Session not found');
      if (!(await deps.bus.publish(sessionId, JSON.stringify(message))))
        return sendJsonRpcError(res, 404, -32001, 'Session not found (its stream has closed)');
    } catch (error) {
      if (error instanceof SessionStoreUnavailableError) return sendJsonRpcUnavailable(res, error);
      throw error;
    }
    res.writeHead(202).end('Accepted');
  }

  return async (req: IncomingMessage, res: ServerResponse) => {
    const path = (req.url ?? '').split('?')[0];
    if (path === LEGACY_SSE_PATH && req.method === 'GET') return openStream(req, res);
    if (path === LEGACY_MESSAGE_PATH && req.method === 'POST') return postMessage(req, res);
    res.writeHead(405, { allow: path === LEGACY_SSE_PATH ? 'GET' : 'POST' }).end();
  };
}

/** The value as a JSON-RPC message, or null when it is not one. */
function jsonRpcMessage(value: unknown): JSONRPCMessage | null {
  try {
    return parseJSONRPCMessage(value);
  } catch {
    return null;
  }
}
