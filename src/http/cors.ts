import type { IncomingMessage, ServerResponse } from 'node:http';
import type { OriginPolicy } from './origin-policy.ts';

const ALLOWED_METHODS = 'GET, POST, DELETE, OPTIONS';
const ALLOWED_HEADERS =
  'authorization, content-type, content-encoding, accept, mcp-session-id, mcp-protocol-version, mcp-method, mcp-name, last-event-id, x-request-id';
const EXPOSED_HEADERS = 'mcp-session-id, x-request-id, retry-after, www-authenticate';

/**
 * CORS from the same allow-list as the /mcp Origin check (loopback origins and ALLOWED_ORIGINS): an allowed
 * browser origin gets the CORS headers, any other gets none (so the browser withholds the response) and
 * its preflight a 403. Returns true when the request was a preflight and has been answered.
 */
export function handleCors(req: IncomingMessage, res: ServerResponse, originAllowed: OriginPolicy): boolean {
  const origin = req.headers.origin;
  const preflight = req.method === 'OPTIONS' && req.headers['access-control-request-method'] !== undefined;
  if (origin === undefined) {
    if (preflight) res.writeHead(204).end();
    return preflight;
  }
  res.setHeader('vary', 'Origin');
  if (!originAllowed(origin)) {
    if (preflight)
      res
        .writeHead(403, { 'content-type': 'text/plain; charset=utf-8' })
        .end('Origin not allowed (set ALLOWED_ORIGINS)');
    return preflight;
  }
  res.setHeader('access-control-allow-origin', origin);
  res.setHeader('access-control-expose-headers', EXPOSED_HEADERS);
  if (!preflight) return false;
  res.writeHead(204, {
    'access-control-allow-methods': ALLOWED_METHODS,
    'access-control-allow-headers': ALLOWED_HEADERS,
    'access-control-max-age': '600',
  });
  res.end();
  return true;
}
