import type { ServerResponse } from 'node:http';
import type { z } from 'zod';
import { snakeCaseArgumentNames } from '../argument-names.ts';
import { classifyError } from '../classify-error.ts';
import { recordCall } from '../domain/audit/record-call.ts';
import { exportQuery, searchVariables } from '../domain/export/export-query.ts';
import { exportPages } from '../domain/export/export-pages.ts';
import { exportLine, exportPreamble, exportedRequest, MIME_TYPES } from '../domain/export/exported-request.ts';
import { ExportRequestsPageDocument } from '../generated/graphql.ts';
import type { GraphQLContext } from '../graphql/context.ts';
import { sendJson } from '../http/json-response.ts';
import type { RestDependencies } from './rest-handler.ts';

export const EXPORT_PATH = '/api/v1/requests/export';

/** searchRequests' fields as the export's query parameters (`filter.statusClasses` is `status_class`). */
const EXPORT_PARAMETER_NAMES = snakeCaseArgumentNames({ methods: 'method', statusClasses: 'status_class' });

/** Resolves when the client read what was buffered, or went away (then the next check stops the export). */
const drained = (res: ServerResponse) =>
  new Promise<void>((resolve) => {
    const done = () => {
      res.off('drain', done).off('close', done);
      resolve();
    };
    res.once('drain', done).once('close', done);
  });

function firstIssue(error: z.ZodError): string {
  const issue = error.issues[0]!;
  const name = issue.path.map(String).join('.');
  if (issue.code === 'unrecognized_keys') return `unknown parameter ${issue.keys.join(', ')}; see /api/v1/openapi.json`;
  return issue.message.includes(name) || !name ? issue.message : `${name}: ${issue.message}`;
}

/**
 * GET /api/v1/requests/export: searchRequests paged by its cursor and written as it comes, one page in
 * memory at a time. Input errors (the query string, or the first page's GraphQL input errors) are a 400
 * before any row is written. Headers go out with the first page, so a failure after it cannot change the
 * status: the connection is then cut, and the missing chunked terminator tells the client the file is short.
 */
export async function handleExport(
  res: ServerResponse,
  deps: RestDependencies,
  context: GraphQLContext,
  searchParams: URLSearchParams,
) {
  const operation = `GET ${EXPORT_PATH}`;
  const startedAt = performance.now();
  const raw = Object.fromEntries(searchParams);
  const parsed = exportQuery.safeParse(raw);
  if (!parsed.success) {
    recordCall(context, operation, startedAt, { query: raw }, undefined, 'BAD_USER_INPUT');
    return sendJson(res, 400, { detail: firstIssue(parsed.error) });
  }
  const query = parsed.data;
  const variables = searchVariables(query);
  const pages = exportPages(async (after, first) => {
    const { searchRequests: page } = await deps.executeOperation(
      ExportRequestsPageDocument,
      { ...variables, first, after },
      context,
    );
    return { rows: page.nodes, hasNextPage: page.pageInfo.hasNextPage, endCursor: page.pageInfo.endCursor };
  }, query.limit);

  let rows = 0;
  let more = false;
  try {
    for await (const page of pages) {
      if (!res.headersSent) {
        res.writeHead(200, {
          'content-type': MIME_TYPES[query.format],
          'content-disposition': `attachment; filename="requests.${query.format}"`,
          'x-export-limit': String(query.limit),
          trailer: 'X-Export-Rows, X-Export-More',
        });
        res.write(exportPreamble(query.format));
      }
      for (const row of page.rows) {
        if (!res.write(exportLine(query.format, exportedRequest(row)))) await drained(res);
      }
      rows += page.rows.length;
      more = page.more;
      // A client that went away destroys the response: stop paging rather than search for no one.
      if (res.destroyed) break;
    }
    res.addTrailers({ 'X-Export-Rows': String(rows), 'X-Export-More': String(more) });
    res.end();
    recordCall(context, operation, startedAt, { query: raw, rows });
  } catch (error) {
    recordCall(context, operation, startedAt, { query: raw, rows }, error);
    const classified = classifyError(error, context.requestId, EXPORT_PARAMETER_NAMES);
    if (!classified.appError) deps.logger.error({ err: error, requestId: context.requestId }, 'REST export failed');
    if (res.headersSent) return void res.destroy();
    const status = classified.code === 'BAD_USER_INPUT' ? 400 : classified.status;
    sendJson(
      res,
      status,
      { detail: classified.message },
      classified.retryAfterSeconds ? { 'retry-after': String(classified.retryAfterSeconds) } : {},
    );
  }
}
