import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { connectStreamable } from '../helpers/app-server.ts';
import { postGraphQL, runCli, startServerProcess, type ServerProcess } from '../helpers/server-process.ts';

const ADMIN_TOKEN = 'own-traffic-admin-token-0123456789';
const SEARCH =
  '{ searchRequests(range: { since: "1h" }, first: 10) { totalCount nodes { method path status bucket { name } environment { name } } } }';

/**
 * A team's first hour with trafficgraph, as the README tells it: an empty server, then only CLI commands
 * (and the REST ingest a capture agent would use) from nothing to its own traffic, read back and cleaned up.
 */
describe('from an empty server to your own traffic, through the CLI', () => {
  let dataDir: string;
  let server: ServerProcess;
  let writeToken: string;
  let mcpToken: string;
  const cli = (...args: string[]) => runCli([...args, '--server', server.url], { ADMIN_TOKEN });
  const secretOf = (stdout: string) => /Secret[^\n]*\n\s+(tgp_\S+)/.exec(stdout)![1]!;

  beforeAll(async () => {
    dataDir = await mkdtemp(path.join(tmpdir(), 'tg-own-'));
    server = await startServerProcess({ DATA_DIR: dataDir, DEMO_DATA: 'false', ADMIN_TOKEN });
  }, 120_000);
  afterAll(async () => {
    await server.stop();
    await rm(dataDir, { recursive: true, force: true });
  });

  it('the first start creates the account and prints the next steps aimed at this server', () => {
    expect(server.output()).toContain('created its one account');
    expect(server.output()).toContain(`npx trafficgraph environment create production --server ${server.url}`);
  });

  it('creates an environment and a bucket', async () => {
    const environment = await cli('environment', 'create', 'production', '--description', 'Live traffic');
    expect(environment.stderr).toBe('');
    expect(environment.stdout).toMatch(/^Created environment "production"/);
    const bucket = await cli('bucket', 'create', 'my-api');
    expect(bucket.code).toBe(0);
    const listed = await cli('bucket', 'list');
    expect(listed.stdout).toContain('my-api');
  });

  it('errors name CLI flags and list the names that exist', async () => {
    const badExpiry = await cli(
      'token',
      'create',
      '--name',
      'x',
      '--env',
      'production',
      '--all-buckets',
      '--expires',
      'soon',
    );
    expect(badExpiry.code).toBe(1);
    expect(badExpiry.stderr).toContain('--expires "soon" is not a duration');
    expect(badExpiry.stderr).not.toContain('expiresIn');
    const noBuckets = await cli('token', 'create', '--name', 'x', '--env', 'production');
    expect(noBuckets.stderr).toContain('name at least one bucket, or set --all-buckets');
    const wrongEnv = await cli('token', 'create', '--name', 'x', '--env', 'prod', '--all-buckets');
    expect(wrongEnv.stderr).toContain('Environment "prod" not found; environments: production');
    const badName = await cli('bucket', 'create', 'My API');
    expect(badName.stderr).toContain("may contain only lowercase letters, digits, '-', '_' and '.'");
  });

  it('creates a traffic:write token shown with how to send traffic, and an MCP token shown with client configs', async () => {
    const write = await cli(
      'token',
      'create',
      '--name',
      'agent',
      '--env',
      'production',
      '--buckets',
      'my-api',
      '--scopes',
      'traffic:write',
    );
    expect(write.code).toBe(0);
    writeToken = secretOf(write.stdout);
    expect(write.stdout).not.toContain('MCP client');
    expect(write.stdout).not.toContain(`${server.url}/mcp`);
    expect(write.stdout).toContain(`curl -s ${server.url}/api/v1/ingest -H "authorization: Bearer ${writeToken}"`);
    expect(write.stdout).toContain(`OTEL_EXPORTER_OTLP_ENDPOINT=${server.url}\n`);
    expect(write.stdout).toContain('OTEL_SERVICE_NAME=my-api');
    const mcp = await cli('token', 'create', '--name', 'assistant', '--env', 'production', '--all-buckets');
    expect(mcp.code).toBe(0);
    mcpToken = secretOf(mcp.stdout);
    expect(mcp.stdout).toContain('Connect an MCP client:');
    expect(mcp.stdout).not.toContain('/api/v1/ingest');
  });

  it('ingests records over REST with the write token', async () => {
    const now = Date.now();
    const records = [200, 201, 503].map((status, i) => ({
      id: `first-${i}`,
      bucket: 'my-api',
      method: i === 1 ? 'POST' : 'GET',
      url: `https://api.example.com/orders/${i}`,
      status,
      duration_ms: 10 + i,
      timestamp: new Date(now - (i + 1) * 60_000).toISOString(),
    }));
    const response = await fetch(`${server.url}/api/v1/ingest`, {
      method: 'POST',
      headers: { authorization: `Bearer ${writeToken}`, 'content-type': 'application/json' },
      body: JSON.stringify(records),
    });
    expect(await response.json()).toMatchObject({ received: 3, accepted: 3, rejected: [] });
  });

  it('an import whose every entry is rejected exits non-zero and says nothing was stored', async () => {
    const har = path.join(dataDir, 'session.har');
    const entry = {
      startedDateTime: new Date().toISOString(),
      time: 5,
      request: { method: 'GET', url: 'https://x.example/a', headers: [] },
      response: { status: 200, headers: [] },
    };
    await writeFile(har, JSON.stringify({ log: { version: '1.2', entries: [entry, entry] } }));
    const result = await cli('import-har', har, '--env', 'production', '--bucket', 'no-such-bucket');
    expect(result.code).toBe(1);
    expect(result.stderr).toContain('nothing stored: every one of the 2 entries was rejected');
    expect(result.stdout).toContain('not found; buckets: my-api');
  });

  it('reads the records back through GraphQL', async () => {
    const result = await postGraphQL<{
      searchRequests: { totalCount: number; nodes: { status: number; bucket: { name: string } }[] };
    }>(server.url, mcpToken, SEARCH);
    expect(result.body.errors).toBeUndefined();
    expect(result.body.data!.searchRequests.totalCount).toBe(3);
    expect(result.body.data!.searchRequests.nodes.map((n) => n.status).sort()).toEqual([200, 201, 503]);
  });

  it('reads the records back through MCP with the SDK client', async () => {
    const { client } = await connectStreamable(server.url, mcpToken);
    try {
      const result = await client.callTool({ name: 'search_requests', arguments: { since: '1h' } });
      expect(result.isError).toBeFalsy();
      expect((result.structuredContent as { requests: { path: string }[] }).requests.map((r) => r.path).sort()).toEqual(
        ['/orders/0', '/orders/1', '/orders/2'],
      );
    } finally {
      await client.close();
    }
  });

  it('reads the records back through trafficgraph export, to a file and to stdout', async () => {
    const file = path.join(dataDir, 'requests.csv');
    const csv = await cli('export', '--env', 'production', '--since', '1h', '--format', 'csv', '--output', file);
    expect(csv.code).toBe(0);
    expect(csv.stderr).toContain(`Exported 3 requests as csv to ${file}.`);
    const lines = (await readFile(file, 'utf8')).split('\r\n');
    expect(lines[0]).toMatch(/^id,timestamp,environment,bucket,method,/);
    expect(
      lines
        .slice(1, 4)
        .map((line) => line.split(',').slice(2, 5).join(','))
        .sort(),
    ).toEqual(['production,my-api,GET', 'production,my-api,GET', 'production,my-api,POST']);

    const ndjson = await cli('export', '--env', 'production', '--since', '1h', '--limit', '2');
    const rows = ndjson.stdout
      .split('\n')
      .filter(Boolean)
      .map((line) => JSON.parse(line) as { path: string; status: number });
    expect(rows.map((r) => r.path)).toEqual(['/orders/0', '/orders/1']);
    expect(ndjson.stderr).toContain(
      'Exported 2 requests as ndjson; the limit of 2 was reached and more requests matched',
    );

    const none = await cli('export', '--env', 'production', '--since', '1h', '--status', '404');
    expect(none.code).toBe(0);
    expect(none.stdout).toBe('');
    expect(none.stderr).toContain('Nothing exported: no requests matched.');
    const bad = await cli('export', '--env', 'production', '--status-class', '6xx');
    expect(bad.code).toBe(1);
    expect(bad.stderr).toContain('--status-class: "6xx" is not one of');
    expect((await cli('export', '--env', 'production', '--format', 'xml')).stderr).toContain(
      '--format must be one of ndjson, csv',
    );
  });

  it('renames the bucket and the environment, and the data follows', async () => {
    expect((await cli('bucket', 'rename', 'my-api', 'orders-api')).stdout).toContain(
      'Renamed bucket "my-api" to "orders-api"',
    );
    expect((await cli('environment', 'rename', 'production', 'prod')).code).toBe(0);
    const result = await postGraphQL<{
      searchRequests: { nodes: { bucket: { name: string }; environment: { name: string } }[] };
    }>(server.url, mcpToken, SEARCH);
    expect(
      new Set(result.body.data!.searchRequests.nodes.map((n) => `${n.environment.name}/${n.bucket.name}`)),
    ).toEqual(new Set(['prod/orders-api']));
  });

  it('deleting refuses while data refers to it, then --cascade deletes it', async () => {
    const refused = await cli('bucket', 'delete', 'orders-api');
    expect(refused.code).toBe(1);
    expect(refused.stderr).toContain(
      'Bucket "orders-api" still has 3 requests and 1 access token; delete with --cascade to remove them too',
    );
    const bucket = await cli('bucket', 'delete', 'orders-api', '--cascade');
    expect(bucket.stdout).toContain('Deleted bucket "orders-api" with 3 requests, 1 access token');
    const environment = await cli('environment', 'delete', 'prod', '--cascade');
    expect(environment.stdout).toContain('Deleted environment "prod" with 2 access tokens (deleted)');
    expect((await cli('environment', 'list')).stdout).toContain('No environments yet');
    const gone = await postGraphQL(server.url, mcpToken, '{ viewer { name } }');
    expect(gone.status).toBe(401);
  });
});
