import type { IncomingMessage, ServerResponse } from 'node:http';
import { BodyTooLargeError, readBody } from '../http/read-body.ts';
import { sendJsonRpcError } from './mcp-http-auth.ts';

/**
 * A POSTed JSON-RPC body, parsed, for both MCP transports; null when the answer has been sent already:
 * 413 over `maxBytes`, 400 (-32700) when it is not JSON. `{ value }` because `null` is valid JSON.
 */
export async function readJsonRpcBody(
  req: IncomingMessage,
  res: ServerResponse,
  maxBytes: number,
): Promise<{ value: unknown } | null> {
  let text: string;
  try {
    text = (await readBody(req, maxBytes)).toString('utf8');
  } catch (error) {
    if (!(error instanceof BodyTooLargeError)) throw error;
    sendJsonRpcError(res, 413, -32600, `Request too large (limit ${maxBytes} bytes)`);
    return null;
  }
  try {
    return { value: JSON.parse(text) as unknown };
  } catch {
    sendJsonRpcError(res, 400, -32700, 'Parse error: the body is not valid JSON');
    return null;
  }
}
