import { spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { builtinModules } from 'node:module';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestApp, TEST_ADMIN_TOKEN } from '../helpers/app-server.ts';
import { createAccount } from '../helpers/fixtures.ts';
import { postGraphQL } from '../helpers/server-process.ts';

/** Plain `node` (no tsx, no repo on the module path) from a folder outside the repository, HOME set to a fixture home. */
function runNode(
  args: string[],
  options: { cwd: string; home: string; stdin?: string },
): Promise<{ code: number | null; stdout: string; stderr: string }> {
  const child = spawn(process.execPath, args, {
    cwd: options.cwd,
    env: { HOME: options.home, USERPROFILE: options.home, PATH: process.env.PATH ?? '' },
  });
  let stdout = '';
  let stderr = '';
  child.stdout.on('data', (chunk: Buffer) => (stdout += chunk.toString()));
  child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
  child.stdin.end(options.stdin ?? '');
  return new Promise((resolve) => child.once('exit', (code) => resolve({ code, stdout, stderr })));
}

async function put(root: string, parts: string[], content: string) {
  const file = path.join(root, ...parts);
  await mkdir(path.dirname(file), { recursive: true });
  await writeFile(file, content);
}

const cursorConfig = (token: string, servers: Record<string, unknown> = {}) =>
  JSON.stringify({
    mcpServers: {
      github: { command: 'npx', args: ['-y', '@modelcontextprotocol/server-github'], env: { GITHUB_TOKEN: token } },
      ...servers,
    },
  });

async function createToken(url: string, scope: string): Promise<string> {
  const created = await postGraphQL<{ createAccessToken: { secret: string } }>(
    url,
    TEST_ADMIN_TOKEN,
    `mutation { createAccessToken(input: { name: "scanner ${scope}", environment: "production", allBuckets: true, scopes: [${scope}] }) { secret } }`,
  );
  expect(created.body.errors).toBeUndefined();
  return created.body.data!.createAccessToken.secret;
}

describe('GET /api/v1/scanner.mjs, the scanner for machines without a clone', () => {
  let app: Awaited<ReturnType<typeof startTestApp>>;
  let outside: string;
  let home: string;
  let scanner: string;
  let writeToken: string;
  const firstSecret = `ghp_${randomBytes(18).toString('hex')}`;
  const rotatedSecret = `ghp_${randomBytes(18).toString('hex')}`;

  beforeAll(async () => {
    app = await startTestApp();
    await createAccount(app.db, 'fleet');
    outside = await mkdtemp(path.join(tmpdir(), 'tg-served-scanner-'));
    home = path.join(outside, 'home');
    await put(home, ['.cursor', 'mcp.json'], cursorConfig(firstSecret));
    const response = await fetch(`${app.url}/api/v1/scanner.mjs`);
    expect(response.status).toBe(200);
    expect(response.headers.get('content-type')).toMatch(/javascript/);
    scanner = await response.text();
    await writeFile(path.join(outside, 'scanner.mjs'), scanner);
    writeToken = await createToken(app.url, 'INVENTORY_WRITE');
  });
  afterAll(async () => {
    await app?.dispose();
    await rm(outside, { recursive: true, force: true });
  });

  it('is one file that loads nothing but Node built-ins', () => {
    const loaded = JSON.parse(/for\(const name of (\[[^\]]*\])\)/.exec(scanner)![1]!) as string[];
    expect(loaded.length).toBeGreaterThan(0);
    for (const name of loaded) expect(builtinModules).toContain(name.replace(/^node:/, ''));
    expect(scanner).not.toMatch(/^\s*import\s/m);
  });

  it('run with plain node from outside the repository, sends a snapshot the server stores per machine', async () => {
    const run = await runNode(['scanner.mjs', '--server', app.url, '--token', writeToken, '--label', 'fleet-1'], {
      cwd: outside,
      home,
    });
    expect(run.stderr).not.toMatch(/error/i);
    expect(run.code).toBe(0);
    expect(run.stdout).toMatch(/Snapshot \d+: 1 servers/);
    const listed = await postGraphQL<{
      snapshotServers: {
        items: { serverName: string; client: string; machine: string; env: Record<string, string> }[];
      };
    }>(app.url, TEST_ADMIN_TOKEN, '{ snapshotServers(limit: 10) { items { serverName client machine env } } }');
    const [server] = listed.body.data!.snapshotServers.items;
    expect(server).toMatchObject({
      serverName: 'github',
      client: 'cursor',
      env: { GITHUB_TOKEN: expect.stringMatching(/^\[REDACTED_/) },
    });
    expect(server!.machine).toMatch(/^[0-9a-f]{20}$/);
    expect(JSON.stringify(listed.body)).not.toContain(firstSecret);
  });

  it('piped into `node -` as the README shows, a second scan reports drift: a server added, a secret rotated', async () => {
    await put(
      home,
      ['.cursor', 'mcp.json'],
      cursorConfig(rotatedSecret, { memory: { command: 'npx', args: ['-y', '@modelcontextprotocol/server-memory'] } }),
    );
    const run = await runNode(['-', '--server', app.url, '--token', writeToken, '--label', 'fleet-2'], {
      cwd: outside,
      home,
      stdin: scanner,
    });
    expect(run.stderr).not.toMatch(/error/i);
    expect(run.code).toBe(0);
    const drift = await postGraphQL<{
      inventoryDrift: {
        servers: { serverName: string; change: string; fields: { field: string; change: string }[] }[];
      }[];
    }>(app.url, TEST_ADMIN_TOKEN, '{ inventoryDrift { servers { serverName change fields { field change } } } }');
    expect(drift.body.errors).toBeUndefined();
    expect(drift.body.data!.inventoryDrift).toHaveLength(1);
    expect(drift.body.data!.inventoryDrift[0]!.servers).toEqual([
      { serverName: 'github', change: 'changed', fields: [{ field: 'env.GITHUB_TOKEN', change: 'rotated' }] },
      { serverName: 'memory', change: 'added', fields: [] },
    ]);
  });

  it('refuses a token without inventory:write', async () => {
    const readToken = await createToken(app.url, 'INVENTORY_READ');
    const run = await runNode(['scanner.mjs', '--server', app.url, '--token', readToken], { cwd: outside, home });
    expect(run.code).toBe(1);
    expect(run.stderr).toMatch(/insufficient_scope.*inventory:write/);
  });

  it('an inventory:write token can report snapshots but read nothing', async () => {
    const read = await postGraphQL(app.url, writeToken, '{ snapshotServers { total } }');
    expect(read.body.errors?.[0]?.message).toMatch(/insufficient_scope/);
  });
});
