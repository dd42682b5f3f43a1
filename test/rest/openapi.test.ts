import { Validator } from '@seriousme/openapi-schema-validator';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { MCP_SERVER_ROUTES } from '../../src/rest/mcp-server-routes.ts';
import { ingestResponse } from '../../src/rest/response-schemas.ts';
import { exportQuery } from '../../src/domain/export/export-query.ts';
import { startTestApp, TEST_ADMIN_TOKEN } from '../helpers/app-server.ts';
import { fileInput } from '../helpers/config-files.ts';
import { createAccount, createToken } from '../helpers/fixtures.ts';
import { postGraphQL } from '../helpers/server-process.ts';

interface OpenApi {
  openapi: string;
  paths: Record<
    string,
    Record<string, { parameters?: { name: string; in: string }[]; responses: Record<string, unknown> }>
  >;
}

describe('the OpenAPI document at /api/v1/openapi.json', () => {
  let app: Awaited<ReturnType<typeof startTestApp>>;
  let doc: OpenApi;
  let serverId: number;

  beforeAll(async () => {
    app = await startTestApp();
    await createAccount(app.db, 'openapi');
    const imported = await postGraphQL<{ importSnapshot: { snapshotId: number } }>(
      app.url,
      TEST_ADMIN_TOKEN,
      'mutation($input: ImportSnapshotInput!) { importSnapshot(input: $input) { snapshotId } }',
      {
        input: {
          label: 'openapi',
          hostname: 'h',
          platform: 'darwin',
          takenAt: '2026-11-01T10:00:00Z',
          files: [
            fileInput({
              client: 'claude_desktop',
              fileName: 'claude_desktop_config.json',
              filePath: '/Users/a/Library/Application Support/Claude/claude_desktop_config.json',
              content: JSON.stringify({
                mcpServers: { files: { command: 'npx', args: ['-y', 'server-files'], env: { A: 'b' }, cwd: '/tmp' } },
              }),
              logs: { files: ['/Users/a/Library/Logs/Claude/mcp-server-files.log'] },
            }),
          ],
        },
      },
    );
    expect(imported.body.errors).toBeUndefined();
    const list = (await (await fetch(`${app.url}/api/v1/mcp-servers`)).json()) as { items: { id: number }[] };
    serverId = list.items[0]!.id;
    doc = (await (await fetch(`${app.url}/api/v1/openapi.json`)).json()) as OpenApi;
  });
  afterAll(() => app.dispose());

  it('is a valid OpenAPI 3.1 document', async () => {
    const validator = new Validator();
    const result = await validator.validate(doc as unknown as Record<string, unknown>);
    expect(result.errors ?? []).toEqual([]);
    expect(result.valid).toBe(true);
    expect(doc.openapi).toBe('3.1.0');
  });

  it('lists every route the REST handler serves, with its parameters', () => {
    expect(Object.keys(doc.paths).sort()).toEqual(
      [...MCP_SERVER_ROUTES.map((r) => r.path), '/api/v1/ingest', '/api/v1/requests/export'].sort(),
    );
    expect(doc.paths['/api/v1/mcp-servers']!.get!.parameters!.map((p) => p.name).sort()).toEqual([
      'limit',
      'page',
      'server_name',
      'snapshot_id',
    ]);
    expect(doc.paths['/api/v1/mcp-servers/{server_id}/config']!.get!.parameters).toEqual([
      expect.objectContaining({ name: 'server_id', in: 'path', required: true }),
    ]);
  });

  it('describes what each route really answers: every key, no more, no less', async () => {
    for (const route of MCP_SERVER_ROUTES) {
      const response = await fetch(`${app.url}${route.path.replace('{server_id}', String(serverId))}`);
      expect(response.status, route.path).toBe(200);
      const body = (await response.json()) as Record<string, unknown>;
      const parsed = route.response.safeParse(body);
      expect(parsed.success, `${route.path}: ${parsed.error?.message}`).toBe(true);
      const documented = (
        doc.paths[route.path]!.get!.responses['200'] as {
          content: { 'application/json': { schema: { properties: object } } };
        }
      ).content['application/json'].schema.properties;
      expect(Object.keys(body).sort(), route.path).toEqual(Object.keys(documented).sort());
    }
  });

  it('lists every parameter the export takes', () => {
    const parameters = doc.paths['/api/v1/requests/export']!.get!.parameters!;
    expect(parameters.every((p) => p.in === 'query')).toBe(true);
    expect(parameters.map((p) => p.name)).toEqual(Object.keys(exportQuery.shape));
  });

  it('describes the ingest answer', async () => {
    const account = await createAccount(app.db, 'openapi-ingest', ['production'], ['orders']);
    const token = (await createToken(app.db, account, { environment: 'production', scopes: ['traffic:write'] })).secret;
    const response = await fetch(`${app.url}/api/v1/ingest`, {
      method: 'POST',
      headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
      body: JSON.stringify([
        {
          bucket: 'orders',
          method: 'GET',
          url: 'https://x.example/a',
          status: 200,
          duration_ms: 3,
          timestamp: new Date().toISOString(),
        },
        { nope: 1 },
      ]),
    });
    expect(ingestResponse.strict().safeParse(await response.json()).success).toBe(true);
  });
});
