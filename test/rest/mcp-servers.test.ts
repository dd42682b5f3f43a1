import { execFile } from 'node:child_process';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { connectStreamable, startTestApp, TEST_ADMIN_TOKEN } from '../helpers/app-server.ts';
import { createAccount, createToken } from '../helpers/fixtures.ts';
import { type ConfigFileFixture, fileInput } from '../helpers/config-files.ts';
import { fakeSecrets } from '../helpers/fake-secrets.ts';
import { postGraphQL } from '../helpers/server-process.ts';

const run = promisify(execFile);

const IMPORT = `mutation($input: ImportSnapshotInput!) { importSnapshot(input: $input) { snapshotId serverCount files { fileName status } } }`;

describe("the seed's REST API over snapshots, and secrets on every surface", () => {
  let app: Awaited<ReturnType<typeof startTestApp>>;
  const secrets = fakeSecrets();
  const byFormat = (format: string) => secrets.find((s) => s.format === format)!.value;
  const get = async (path: string) => {
    const response = await fetch(`${app.url}${path}`);
    return { status: response.status, body: (await response.json()) as Record<string, unknown> };
  };
  const importSnapshot = async (takenAt: string, files: ConfigFileFixture[]) => {
    const inputs = files.map(fileInput);
    const result = await postGraphQL<{ importSnapshot: { snapshotId: number } }>(app.url, TEST_ADMIN_TOKEN, IMPORT, {
      input: { label: `scan ${takenAt}`, hostname: 'laptop.local', platform: 'darwin', takenAt, files: inputs },
    });
    expect(result.body.errors).toBeUndefined();
    return result.body.data!.importSnapshot.snapshotId;
  };

  beforeAll(async () => {
    app = await startTestApp();
    await createAccount(app.db, 'inventory');
    const claude = '/Users/alex/Library/Application Support/Claude/claude_desktop_config.json';
    // First snapshot: filesystem and github in Claude Desktop.
    await importSnapshot('2025-11-10T14:30:00Z', [
      {
        client: 'claude_desktop',
        fileName: 'claude_desktop_config.json',
        filePath: claude,
        content: JSON.stringify({
          mcpServers: {
            filesystem: {
              command: 'npx',
              args: ['-y', '@modelcontextprotocol/server-filesystem', '/Users/alex/projects'],
              env: { NODE_ENV: 'production', API_KEY: byFormat('stripe-live-secret') },
              cwd: '/Users/alex/claude-mcp',
            },
            github: {
              command: 'npx',
              args: ['-y', '@modelcontextprotocol/server-github'],
              env: { GITHUB_TOKEN: byFormat('github-classic'), GITHUB_API_URL: 'https://api.github.com' },
            },
          },
        }),
        logs: { filesystem: ['/Users/alex/Library/Logs/Claude/mcp-server-filesystem.log'] },
      },
    ]);
    // Second snapshot: github is gone, a server full of secrets appears in Cursor.
    const everySecret = Object.fromEntries(secrets.map((s, i) => [`SETTING_${i}`, s.value]));
    await importSnapshot('2025-11-11T09:15:00Z', [
      {
        client: 'claude_desktop',
        fileName: 'claude_desktop_config.json',
        filePath: claude,
        content: JSON.stringify({
          mcpServers: {
            filesystem: {
              command: 'npx',
              args: ['-y', '@modelcontextprotocol/server-filesystem', '/Users/alex/projects'],
            },
          },
        }),
      },
      {
        client: 'cursor',
        fileName: 'mcp.json',
        filePath: '/Users/alex/.cursor/mcp.json',
        content: JSON.stringify({
          mcpServers: {
            leaky: {
              command: 'docker',
              args: [
                'run',
                '-e',
                `OPENAI_API_KEY=${byFormat('openai-project')}`,
                '--header',
                `X-Api-Key: ${byFormat('google-api-key')}`,
                ...secrets.map((s) => s.value.replace(/\n/g, ' ')),
              ],
              env: { ...everySecret, REFERENCE: '${input:token}' },
              cwd: '/home/alex.smith@example.com/work',
            },
            remote: {
              url: `https://mcp.example.com/sse?token=${byFormat('jwt')}`,
              headers: { Authorization: `Bearer ${byFormat('huggingface')}`, 'X-Ref': 'Bearer ${input:remote-token}' },
            },
          },
        }),
      },
    ]);
  });
  afterAll(() => app.dispose());

  it("GET /api/v1/mcp-servers lists with the seed's fields, defaults and pagination", async () => {
    const { status, body } = await get('/api/v1/mcp-servers');
    expect(status).toBe(200);
    expect(Object.keys(body)).toEqual([
      'items',
      'total',
      'page',
      'page_size',
      'total_pages',
      'has_next',
      'has_previous',
    ]);
    expect(body).toMatchObject({
      total: 5,
      page: 1,
      page_size: 20,
      total_pages: 1,
      has_next: false,
      has_previous: false,
    });
    const item = (body.items as Record<string, unknown>[]).find(
      (i) => i.server_name === 'filesystem' && i.snapshot_id === 1,
    )!;
    expect(Object.keys(item)).toEqual([
      'id',
      'server_name',
      'command',
      'transport',
      'url',
      'snapshot_id',
      'config_file',
      'first_seen',
      'last_seen',
    ]);
    expect(item).toMatchObject({
      command: 'npx -y @modelcontextprotocol/server-filesystem /Users/[REDACTED_PII]/projects',
      transport: 'stdio',
      url: null,
      config_file: 'claude_desktop_config.json',
      first_seen: '2025-11-10T14:30:00',
      last_seen: '2025-11-11T09:15:00',
    });
    const page2 = await get('/api/v1/mcp-servers?page=2&limit=2');
    expect(page2.body).toMatchObject({ page: 2, page_size: 2, total_pages: 3, has_next: true, has_previous: true });
    expect((await get('/api/v1/mcp-servers?snapshot_id=1')).body.total).toBe(2);
    expect((await get('/api/v1/mcp-servers?server_name=FILE')).body.total).toBe(2);
  });

  it('refuses invalid parameters with 422 and unknown ids with 404, as {"detail": ...}', async () => {
    for (const path of [
      '/api/v1/mcp-servers?limit=101',
      '/api/v1/mcp-servers?page=0',
      '/api/v1/mcp-servers?snapshot_id=x',
      '/api/v1/mcp-servers/abc',
    ]) {
      const { status, body } = await get(path);
      expect(status, path).toBe(422);
      expect(Object.keys(body)).toEqual(['detail']);
    }
    expect(await get('/api/v1/mcp-servers/9999')).toEqual({
      status: 404,
      body: { detail: 'MCP server 9999 not found' },
    });
  });

  it("detail, status, config, capabilities and logs have the seed's shapes", async () => {
    const detail = (await get('/api/v1/mcp-servers/1')).body;
    expect(Object.keys(detail)).toEqual([
      'id',
      'server_name',
      'command',
      'args',
      'env',
      'working_directory',
      'transport',
      'url',
      'headers',
      'snapshot_id',
      'config_file',
      'file_path',
      'created_at',
      'updated_at',
    ]);
    expect(detail).toMatchObject({
      command: 'npx -y @modelcontextprotocol/server-filesystem /Users/[REDACTED_PII]/projects',
      args: ['-y', '@modelcontextprotocol/server-filesystem', '/Users/[REDACTED_PII]/projects'],
      env: { NODE_ENV: 'production', API_KEY: '[REDACTED_API_KEY]' },
      working_directory: '/Users/[REDACTED_PII]/claude-mcp',
      file_path: '/Users/[REDACTED_PII]/Library/Application Support/Claude/claude_desktop_config.json',
    });
    expect((await get('/api/v1/mcp-servers/1/config')).body).toEqual({
      server_id: 1,
      server_name: 'filesystem',
      command: 'npx -y @modelcontextprotocol/server-filesystem /Users/[REDACTED_PII]/projects',
      args: ['-y', '@modelcontextprotocol/server-filesystem', '/Users/[REDACTED_PII]/projects'],
      env: { NODE_ENV: 'production', API_KEY: '[REDACTED_API_KEY]' },
      working_directory: '/Users/[REDACTED_PII]/claude-mcp',
      transport: 'stdio',
      url: null,
      headers: {},
      sanitized: true,
    });
    expect((await get('/api/v1/mcp-servers/1/capabilities')).body).toEqual({
      server_id: 1,
      server_name: 'filesystem',
      command_type: 'node',
      has_args: true,
      has_env: true,
      has_working_dir: true,
    });
    expect((await get('/api/v1/mcp-servers/1/logs')).body).toEqual({
      server_id: 1,
      server_name: 'filesystem',
      log_files_found: 1,
      log_locations: ['/Users/[REDACTED_PII]/Library/Logs/Claude/mcp-server-filesystem.log'],
      sanitized: true,
    });
  });

  it('status, first and last seen and snapshot counts follow the two snapshots', async () => {
    expect((await get('/api/v1/mcp-servers/1/status')).body).toEqual({
      server_id: 1,
      server_name: 'filesystem',
      status: 'detected',
      last_seen: '2025-11-11T09:15:00',
      first_seen: '2025-11-10T14:30:00',
      snapshot_count: 2,
      config_locations: ['/Users/[REDACTED_PII]/Library/Application Support/Claude/claude_desktop_config.json'],
    });
    expect((await get('/api/v1/mcp-servers/2/status')).body).toMatchObject({
      server_name: 'github',
      status: 'configured',
      snapshot_count: 1,
      last_seen: '2025-11-10T14:30:00',
    });
  });

  it('a remote server shows its transport, url and redacted headers, and no command', async () => {
    const { items } = (await get('/api/v1/mcp-servers?server_name=remote')).body as { items: { id: number }[] };
    const config = (await get(`/api/v1/mcp-servers/${items[0]!.id}/config`)).body;
    expect(config).toMatchObject({ server_name: 'remote', command: null, args: [], transport: 'sse', sanitized: true });
    expect(config.url).toMatch(/^https:\/\/mcp\.example\.com\/sse\?token=\[REDACTED_/);
    expect(config.headers).toEqual({
      Authorization: expect.stringMatching(/^(Bearer )?\[REDACTED_/),
      'X-Ref': 'Bearer ${input:remote-token}',
    });
    expect((await get(`/api/v1/mcp-servers/${items[0]!.id}`)).body).toMatchObject({
      transport: 'sse',
      url: config.url,
      headers: config.headers,
    });
  });

  it("/stats is not taken for an id and has the seed's shape", async () => {
    expect((await get('/api/v1/mcp-servers/stats')).body).toEqual({
      total_servers: 4,
      total_configurations: 5,
      servers_by_snapshot: { 'Snapshot 1 (2025-11-10 14:30)': 2, 'Snapshot 2 (2025-11-11 09:15)': 3 },
      most_common_servers: [
        { server_name: 'filesystem', count: 2 },
        { server_name: 'github', count: 1 },
        { server_name: 'leaky', count: 1 },
        { server_name: 'remote', count: 1 },
      ],
      config_file_locations: [
        '/Users/[REDACTED_PII]/.cursor/mcp.json',
        '/Users/[REDACTED_PII]/Library/Application Support/Claude/claude_desktop_config.json',
      ],
    });
  });

  it('no secret reaches any REST, GraphQL or MCP inventory response, and references stay intact', async () => {
    const responses: string[] = [];
    const list = (await get('/api/v1/mcp-servers?limit=100')).body.items as { id: number }[];
    for (const { id } of list) {
      for (const suffix of ['', '/status', '/config', '/capabilities', '/logs'])
        responses.push(JSON.stringify((await get(`/api/v1/mcp-servers/${id}${suffix}`)).body));
    }
    responses.push(JSON.stringify((await get('/api/v1/mcp-servers/stats')).body));
    const graphql = await postGraphQL(
      app.url,
      TEST_ADMIN_TOKEN,
      `{ snapshotServers(limit: 100) { items { id serverName command args env workingDirectory url headers filePath logFiles sanitized } }
      snapshotServerStats { mostCommonServers { serverName } } }`,
    );
    responses.push(JSON.stringify(graphql.body));
    const account = (await app.db.prisma.account.findFirstOrThrow({ where: { name: 'inventory' } })) as { id: string };
    const token = await createToken(
      app.db,
      {
        accountId: account.id,
        environments: {
          production: (
            await app.db.prisma.environment.findFirstOrThrow({ where: { accountId: account.id, name: 'production' } })
          ).id,
        },
        buckets: {},
      },
      { environment: 'production', scopes: ['inventory:read'] },
    );
    const { client } = await connectStreamable(app.url, token.secret);
    for (const { id } of list)
      responses.push(JSON.stringify(await client.callTool({ name: 'get_mcp_server', arguments: { id } })));
    responses.push(JSON.stringify(await client.callTool({ name: 'list_mcp_servers', arguments: { limit: 100 } })));
    responses.push(JSON.stringify(await client.callTool({ name: 'get_mcp_server_stats', arguments: {} })));
    await client.close();
    const stored = JSON.stringify(await app.db.prisma.snapshotServer.findMany());

    const everything = responses.join('\n');
    for (const fake of secrets) {
      const secret = fake.secret.replace(/\n/g, ' ');
      expect(
        everything.includes(secret) || everything.includes(JSON.stringify(secret).slice(1, -1)),
        `${fake.format} leaked`,
      ).toBe(false);
      expect(stored.includes(JSON.stringify(secret).slice(1, -1)), `${fake.format} stored`).toBe(false);
    }
    expect(everything).not.toContain('alex.smith@example.com');
    expect(everything).not.toContain('/Users/alex/');
    expect(everything).toContain('${input:token}');
    expect(everything).toContain('Bearer ${input:remote-token}');
  });

  it("the seed's curl and jq examples run unchanged", async () => {
    const base = 'http://localhost:8000';
    const shell = async (script: string) =>
      (await run('bash', ['-c', script.replaceAll(base, app.url.replace('127.0.0.1', 'localhost'))])).stdout;
    expect(
      JSON.parse(
        await shell(
          `curl -s ${base}/api/v1/mcp-servers | jq '.items[] | {name: .server_name, command: .command}' | jq -s .`,
        ),
      ),
    ).toHaveLength(5);
    expect(JSON.parse(await shell(`curl -s ${base}/api/v1/mcp-servers/stats | jq '.servers_by_snapshot'`))).toEqual({
      'Snapshot 1 (2025-11-10 14:30)': 2,
      'Snapshot 2 (2025-11-11 09:15)': 3,
    });
    expect((await shell(`curl -s ${base}/api/v1/mcp-servers/1/status | jq '.snapshot_count'`)).trim()).toBe('2');
    expect(
      await shell(
        `curl -s "${base}/api/v1/mcp-servers?limit=100" | jq -r '.items[] | "\\(.server_name) (ID: \\(.id)) - Last seen: \\(.last_seen)"'`,
      ),
    ).toContain('filesystem (ID: 1) - Last seen: 2025-11-11T09:15:00');
    const exported = await shell(
      `for id in $(curl -s ${base}/api/v1/mcp-servers | jq -r '.items[].id'); do curl -s "${base}/api/v1/mcp-servers/$id/config" | jq -c '.'; done`,
    );
    expect(exported.trim().split('\n')).toHaveLength(5);
    expect(
      await shell(
        `curl -s ${base}/api/v1/mcp-servers/stats | jq -r '"Total servers: \\(.total_servers)\\nTotal configs: \\(.total_configurations)"'`,
      ),
    ).toBe('Total servers: 4\nTotal configs: 5\n');
  });
});

describe('REST on a server listening beyond loopback', () => {
  it('needs a token with inventory:read', async () => {
    const app = await startTestApp({ HOST: '0.0.0.0' });
    try {
      const url = app.url;
      expect((await fetch(`${url}/api/v1/mcp-servers`)).status).toBe(401);
      const account = await createAccount(app.db, 'remote');
      const reader = await createToken(app.db, account, { environment: 'production', scopes: ['inventory:read'] });
      const traffic = await createToken(app.db, account, { environment: 'production', scopes: ['traffic:read'] });
      expect(
        (await fetch(`${url}/api/v1/mcp-servers`, { headers: { authorization: `Bearer ${reader.secret}` } })).status,
      ).toBe(200);
      expect(
        (await fetch(`${url}/api/v1/mcp-servers`, { headers: { authorization: `Bearer ${traffic.secret}` } })).status,
      ).toBe(403);
    } finally {
      await app.dispose();
    }
  });
});
