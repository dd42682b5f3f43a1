/** Streamable HTTP by hand, for tests and benches that need to see raw status codes and headers. */
export const MCP_PROTOCOL_VERSION = '2025-11-25';

export function mcpHeaders(
  token: string,
  sessionId?: string,
  extra: Record<string, string> = {},
): Record<string, string> {
  return {
    authorization: `Bearer ${token}`,
    'content-type': 'application/json',
    accept: 'application/json, text/event-stream',
    'mcp-protocol-version': MCP_PROTOCOL_VERSION,
    ...(sessionId ? { 'mcp-session-id': sessionId } : {}),
    ...extra,
  };
}

export function postMcp(
  baseUrl: string,
  token: string,
  message: unknown,
  sessionId?: string,
  extra: Record<string, string> = {},
): Promise<Response> {
  return fetch(`${baseUrl}/mcp`, {
    method: 'POST',
    headers: mcpHeaders(token, sessionId, extra),
    body: JSON.stringify(message),
  });
}

export const INITIALIZE = {
  jsonrpc: '2.0',
  id: 1,
  method: 'initialize',
  params: { protocolVersion: MCP_PROTOCOL_VERSION, capabilities: {}, clientInfo: { name: 'raw-http', version: '1' } },
};

/** initialize + notifications/initialized; returns the session id. */
export async function openRawMcpSession(
  baseUrl: string,
  token: string,
  extra: Record<string, string> = {},
): Promise<string> {
  const init = await postMcp(baseUrl, token, INITIALIZE, undefined, extra);
  const sessionId = init.headers.get('mcp-session-id');
  if (!sessionId) throw new Error(`initialize answered ${init.status} without a session id`);
  await postMcp(baseUrl, token, { jsonrpc: '2.0', method: 'notifications/initialized' }, sessionId);
  return sessionId;
}
