import type { IncomingMessage, ServerResponse } from 'node:http';
import { unauthenticated } from '../auth/auth-refusal.ts';
import { requestAuthentication } from '../auth/request-authentication.ts';
import { sendJson } from '../http/json-response.ts';
import { currentRequestScope } from '../request-scope.ts';
import type { AppMetrics } from './app-metrics.ts';

/** /metrics in Prometheus text format: open to unproxied scrapers on this machine, otherwise the admin token only. */
export function createMetricsRoute(metrics: AppMetrics) {
  return async (_req: IncomingMessage, res: ServerResponse): Promise<void> => {
    if (currentRequestScope()?.local !== true) {
      // Any failure, even a database outage, reads as "not the admin": a scraper gets its 401 either way.
      const principal = await requestAuthentication().then(
        ({ principal }) => principal,
        () => null,
      );
      if (principal?.kind !== 'admin') {
        const refusal = unauthenticated('/metrics needs the admin token from other machines and through proxies');
        return sendJson(res, refusal.status, { detail: refusal.message }, refusal.headers);
      }
    }
    const body = await metrics.registry.metrics();
    res.writeHead(200, { 'content-type': metrics.registry.contentType });
    res.end(body);
  };
}
