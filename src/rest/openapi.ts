import { z } from 'zod';
import { incomingRequestSchema } from '../domain/ingest/incoming-request.ts';
import { errorResponse, ingestResponse } from './response-schemas.ts';
import type { RestRoute } from './rest-route.ts';
import { EXPORT_PATH } from './export-route.ts';
import { exportQuery } from '../domain/export/export-query.ts';
import { EXPORT_COLUMNS } from '../domain/export/exported-request.ts';
import { EXPORT_LIMIT_RULE } from '../domain/export/export-limit.ts';

export const OPENAPI_PATH = '/api/v1/openapi.json';

type JsonSchema = Record<string, unknown>;

function schemaOf(type: z.ZodType, io: 'input' | 'output' = 'output'): JsonSchema {
  const { $schema: _dialect, ...schema } = z.toJSONSchema(type, { io, unrepresentable: 'any' }) as JsonSchema;
  return schema;
}

const snakeCase = (name: string) => name.replace(/[A-Z]/g, (c) => `_${c.toLowerCase()}`);

/** The ingest record as REST callers write it: the same schema, with the snake_case keys they send. */
function ingestRecordSchema(): JsonSchema {
  const schema = schemaOf(incomingRequestSchema, 'input') as {
    properties: Record<string, JsonSchema>;
    required?: string[];
  } & JsonSchema;
  return {
    ...schema,
    properties: Object.fromEntries(Object.entries(schema.properties).map(([key, value]) => [snakeCase(key), value])),
    required: (schema.required ?? []).map(snakeCase),
  };
}

const problem = (description: string) => ({
  description,
  content: { 'application/json': { schema: { $ref: '#/components/schemas/Error' } } },
});
const COMMON_ERRORS = {
  '401': problem('No valid bearer token (a token is optional on a server listening on loopback only)'),
  '429': problem('Rate limit exceeded; see Retry-After'),
  '503': problem('Database unavailable; retry after Retry-After seconds'),
};

function parametersOf(route: Pick<RestRoute, 'params' | 'query'>): JsonSchema[] {
  const parameters: JsonSchema[] = [];
  for (const [where, type] of [
    ['path', route.params],
    ['query', route.query],
  ] as const) {
    if (!type) continue;
    const schema = schemaOf(type, 'input') as { properties?: Record<string, JsonSchema>; required?: string[] };
    for (const [name, property] of Object.entries(schema.properties ?? {})) {
      parameters.push({
        name,
        in: where,
        required: where === 'path' || (schema.required ?? []).includes(name),
        schema: property,
      });
    }
  }
  return parameters;
}

/** OpenAPI 3.1 for every REST route, generated from the same definitions the handler runs. */
export function buildOpenApiDocument(routes: readonly RestRoute[], version: string): JsonSchema {
  const paths: Record<string, JsonSchema> = {};
  for (const route of routes) {
    const name = route.path
      .replace(/^\/api\/v1\//, '')
      .replace(/[{}]/g, '')
      .replace(/[/-]/g, '_');
    paths[route.path] = {
      get: {
        operationId: name,
        summary: route.summary,
        tags: ['inventory'],
        parameters: parametersOf(route),
        responses: {
          '200': { description: 'OK', content: { 'application/json': { schema: schemaOf(route.response) } } },
          ...(route.params ? { '404': problem("Not found, or outside the token's account") } : {}),
          '422': problem('A parameter is invalid; `detail` names it'),
          ...COMMON_ERRORS,
        },
      },
    };
  }
  paths['/api/v1/ingest'] = {
    post: {
      operationId: 'ingest',
      summary: 'Capture requests: a JSON array, one object, or NDJSON (gzip accepted). Needs traffic:write.',
      tags: ['capture'],
      requestBody: {
        required: true,
        content: {
          'application/json': {
            schema: {
              oneOf: [
                { type: 'array', items: { $ref: '#/components/schemas/IngestRecord' } },
                { $ref: '#/components/schemas/IngestRecord' },
              ],
            },
          },
          'application/x-ndjson': { schema: { type: 'string', description: 'One IngestRecord per line' } },
        },
      },
      responses: {
        '200': {
          description: 'Per-batch counts; a bad record is rejected alone',
          content: { 'application/json': { schema: schemaOf(ingestResponse) } },
        },
        '403': problem('The token lacks traffic:write or the bucket is outside it'),
        '413': problem('Too many records or too large a body'),
        '422': problem('The body is not JSON, NDJSON or valid gzip'),
        ...COMMON_ERRORS,
      },
    },
  };
  paths[EXPORT_PATH] = {
    get: {
      operationId: 'requests_export',
      summary: `Export searchRequests results as NDJSON or CSV, streamed. Needs traffic:read; scoped and sanitized like every surface. limit: ${EXPORT_LIMIT_RULE}.`,
      description: [
        `Columns (CSV header, NDJSON keys): ${EXPORT_COLUMNS.join(', ')}.`,
        'CSV is RFC 4180 with CRLF records and a header record, UTF-8 without a BOM; headers are JSON text in a cell.',
        'NUL becomes U+FFFD. A text cell starting with = + - @ tab or CR gets a leading apostrophe so spreadsheets do not run it as a formula; NDJSON is the exact format.',
        'X-Export-Limit states the limit; the trailers X-Export-Rows and X-Export-More state the rows written and whether more matched.',
        'A failure after the first rows cuts the connection (no chunked terminator), so a short file never looks complete.',
      ].join(' '),
      tags: ['traffic'],
      parameters: parametersOf({ query: exportQuery }),
      responses: {
        '200': {
          description: 'The rows, newest first',
          headers: {
            'X-Export-Limit': { schema: { type: 'integer' }, description: 'The row limit this export honoured' },
          },
          content: {
            'application/x-ndjson': { schema: { type: 'string', description: 'One JSON object a line' } },
            'text/csv': { schema: { type: 'string' } },
          },
        },
        '400': problem('A parameter or filter is invalid; `detail` names it'),
        '403': problem('The token lacks traffic:read'),
        '404': problem('The environment or a bucket is unknown or outside the token'),
        ...COMMON_ERRORS,
      },
    },
  };
  return {
    openapi: '3.1.0',
    info: {
      title: 'trafficgraph REST API',
      version,
      description:
        "The seed's MCP server inventory endpoints, the capture endpoint and the export of captured requests. Every route runs a GraphQL operation of the same server, so scopes and sanitization are the schema's.",
    },
    servers: [{ url: '/' }],
    security: [{ bearer: [] }],
    paths,
    components: {
      securitySchemes: {
        bearer: { type: 'http', scheme: 'bearer', description: 'An access token (tgp_…) or the admin token' },
      },
      schemas: { Error: schemaOf(errorResponse), IngestRecord: ingestRecordSchema() },
    },
  };
}
