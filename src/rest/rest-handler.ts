import type { IncomingMessage, ServerResponse } from 'node:http';
import type { Authenticator } from '../auth/authenticator.ts';
import type { Principal } from '../auth/principal.ts';
import { AppError, UnauthenticatedError } from '../errors.ts';
import { createContext, type ContextDependencies } from '../graphql/context-factory.ts';
import type { OperationExecutor } from '../graphql/execute-operation.ts';
import { sendJson } from '../http/json-response.ts';
import type { Logger } from '../logger.ts';
import { matchRoute, type RestRoute } from './rest-route.ts';
import { handleIngest, INGEST_PATH } from './ingest-route.ts';

export interface RestDependencies extends ContextDependencies {
  authenticator: Authenticator;
  executeOperation: OperationExecutor;
  logger: Logger;
  routes: readonly RestRoute[];
  /** Like the seed, no token is needed while the server listens on loopback only. */
  openWithoutToken: boolean;
  maxIngestRequestBytes: number;
}

const STATUS_FOR_CODE: Record<string, number> = { BAD_USER_INPUT: 422, NOT_FOUND: 404, UNAUTHENTICATED: 401, FORBIDDEN: 403 };

function firstIssue(error: { issues: { path: PropertyKey[]; message: string }[] }): string {
  const issue = error.issues[0]!;
  const name = issue.path.map(String).join('.');
  return issue.message.includes(name) || !name ? issue.message : `${name}: ${issue.message}`;
}

/** The REST surface: match, validate, run the route's GraphQL operation as the caller, answer in the seed's shapes. */
export function createRestHandler(deps: RestDependencies) {
  return async (req: IncomingMessage, res: ServerResponse) => {
    const url = new URL(req.url ?? '/', 'http://local');
    if (url.pathname === INGEST_PATH) return handleIngest(req, res, deps);
    const matched = matchRoute(deps.routes, url.pathname);
    if (!matched) return sendJson(res, 404, { detail: `Not found: ${url.pathname}` });
    if (req.method !== 'GET') return sendJson(res, 405, { detail: `Method ${req.method} not allowed` }, { allow: 'GET' });

    let principal: Principal;
    try {
      principal = await deps.authenticator.authenticate(req.headers.authorization);
    } catch (error) {
      if (error instanceof UnauthenticatedError) return sendJson(res, 401, { detail: error.message }, { 'www-authenticate': 'Bearer realm="trafficgraph"' });
      throw error;
    }
    if (principal.kind === 'anonymous') {
      if (!deps.openWithoutToken) return sendJson(res, 401, { detail: 'A bearer token with inventory:read is required' }, { 'www-authenticate': 'Bearer realm="trafficgraph"' });
      principal = { kind: 'local', name: 'local', scopes: ['inventory:read'] };
    }

    const query = Object.fromEntries(url.searchParams);
    const params = matched.route.params ? matched.route.params.safeParse(matched.params) : { success: true as const, data: {} };
    if (!params.success) return sendJson(res, 422, { detail: firstIssue(params.error) });
    const parsedQuery = matched.route.query ? matched.route.query.safeParse(query) : { success: true as const, data: {} };
    if (!parsedQuery.success) return sendJson(res, 422, { detail: firstIssue(parsedQuery.error) });

    const context = createContext(deps, principal);
    try {
      const body = await matched.route.handle({ params: params.data, query: parsedQuery.data }, (document, variables) => deps.executeOperation(document, variables, context));
      sendJson(res, 200, body);
    } catch (error) {
      if (error instanceof AppError) return sendJson(res, STATUS_FOR_CODE[error.code] ?? 500, { detail: error.message });
      deps.logger.error({ err: error, path: url.pathname, requestId: context.requestId }, 'REST handler failed');
      sendJson(res, 500, { detail: `Internal server error (request ${context.requestId})` });
    }
  };
}
