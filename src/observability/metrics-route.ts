import type { IncomingMessage, ServerResponse } from 'node:http';
import type { Authenticator } from '../auth/authenticator.ts';
import { sendJson } from '../http/json-response.ts';
import { currentRequestScope } from '../request-scope.ts';
import type { AppMetrics } from './app-metrics.ts';

/** /metrics in Prometheus text format: open to unproxied scrapers on this machine, otherwise the admin token only. */
export function createMetricsRoute(metrics: AppMetrics, authenticator: Authenticator) {
  return async (req: IncomingMessage, res: ServerResponse): Promise<void> => {
    if (currentRequestScope()?.local !== true) {
      const principal = await authenticator.authenticate(req.headers.authorization).catch(() => null);
      if (principal?.kind !== 'admin')
        return sendJson(
          res,
          401,
          { detail: '/metrics needs the admin token from other machines and through proxies' },
          { 'www-authenticate': 'Bearer realm="trafficgraph"' },
        );
    }
    const body = await metrics.registry.metrics();
    res.writeHead(200, { 'content-type': metrics.registry.contentType });
    res.end(body);
  };
}
