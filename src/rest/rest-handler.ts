import type { IncomingMessage, ServerResponse } from 'node:http';
import { requireCaller } from '../auth/auth-refusal.ts';
import { requestAuthentication } from '../auth/request-authentication.ts';
import { createContext } from '../graphql/context-factory.ts';
import { sendJson } from '../http/json-response.ts';
import { matchRoute, type RestRoute } from './rest-route.ts';
import { handleIngest, INGEST_PATH, type IngestRouteDependencies } from './ingest-route.ts';
import { EXPORT_PATH, handleExport } from './export-route.ts';
import { sendRestError } from './send-rest-error.ts';
import { buildOpenApiDocument, OPENAPI_PATH } from './openapi.ts';
import { recordCall } from '../domain/audit/record-call.ts';

export interface RestDependencies extends IngestRouteDependencies {
  routes: readonly RestRoute[];
  /** The server version, as the OpenAPI document states it. */
  version: string;
}

function firstIssue(error: { issues: { path: PropertyKey[]; message: string }[] }): string {
  const issue = error.issues[0]!;
  const name = issue.path.map(String).join('.');
  return issue.message.includes(name) || !name ? issue.message : `${name}: ${issue.message}`;
}

/** The REST surface: match, validate, run the route's GraphQL operation as the caller, answer in the seed's shapes. */
export function createRestHandler(deps: RestDependencies) {
  let openApi: string | undefined;
  return async (req: IncomingMessage, res: ServerResponse) => {
    const url = new URL(req.url ?? '/', 'http://local');
    if (url.pathname === INGEST_PATH) return handleIngest(req, res, deps);
    if (url.pathname === OPENAPI_PATH) {
      openApi ??= JSON.stringify(buildOpenApiDocument(deps.routes, deps.version));
      res.writeHead(200, { 'content-type': 'application/json; charset=utf-8' }).end(openApi);
      return;
    }
    const isExport = url.pathname === EXPORT_PATH;
    const matched = isExport ? null : matchRoute(deps.routes, url.pathname);
    if (!matched && !isExport) return sendJson(res, 404, { detail: `Not found: ${url.pathname}` });
    if (req.method !== 'GET')
      return sendJson(res, 405, { detail: `Method ${req.method} not allowed` }, { allow: 'GET' });

    // A caller on this machine may arrive as the `local` principal (see authenticationRules in src/http).
    const { principal, refusal } = requireCaller(
      await requestAuthentication(),
      `A bearer token with ${isExport ? 'traffic:read' : 'inventory:read'} is required`,
    );
    if (refusal) return sendJson(res, refusal.status, { detail: refusal.message }, refusal.headers);

    const context = createContext(deps, principal, { surface: 'rest' });
    if (!matched) return handleExport(res, deps, context, url.searchParams);
    const operation = `GET ${matched.route.path}`;
    const startedAt = performance.now();
    const query = Object.fromEntries(url.searchParams);
    const refuse = (detail: string) => {
      recordCall(context, operation, startedAt, { params: matched.params, query }, undefined, 'BAD_USER_INPUT');
      sendJson(res, 422, { detail });
    };
    const params = matched.route.params
      ? matched.route.params.safeParse(matched.params)
      : { success: true as const, data: {} };
    if (!params.success) return refuse(firstIssue(params.error));
    const parsedQuery = matched.route.query
      ? matched.route.query.safeParse(query)
      : { success: true as const, data: {} };
    if (!parsedQuery.success) return refuse(firstIssue(parsedQuery.error));

    try {
      const body = await matched.route.handle({ params: params.data, query: parsedQuery.data }, (document, variables) =>
        deps.executeOperation(document, variables, context),
      );
      recordCall(context, operation, startedAt, { params: params.data, query: parsedQuery.data });
      sendJson(res, 200, body);
    } catch (error) {
      recordCall(context, operation, startedAt, { params: params.data, query: parsedQuery.data }, error);
      sendRestError(res, error, deps.logger, context.requestId, `REST ${operation}`);
    }
  };
}
