import type { IncomingMessage, ServerResponse } from 'node:http';
import type { Authenticator } from '../auth/authenticator.ts';
import { sendJson } from '../http/json-response.ts';
import type { AppMetrics } from './app-metrics.ts';

const LOOPBACK = new Set(['127.0.0.1', '::1', '::ffff:127.0.0.1']);

/** /metrics in Prometheus text format: open to scrapers on this machine, otherwise the admin token only. */
export function createMetricsRoute(metrics: AppMetrics, authenticator: Authenticator) {
  return async (req: IncomingMessage, res: ServerResponse): Promise<void> => {
    if (!LOOPBACK.has(req.socket.remoteAddress ?? '')) {
      const principal = await authenticator.authenticate(req.headers.authorization).catch(() => null);
      if (principal?.kind !== 'admin') return sendJson(res, 401, { detail: '/metrics needs the admin token from other machines' }, { 'www-authenticate': 'Bearer realm="trafficgraph"' });
    }
    const body = await metrics.registry.metrics();
    res.writeHead(200, { 'content-type': metrics.registry.contentType });
    res.end(body);
  };
}
