import { randomBytes } from 'node:crypto';
import { mkdir, mkdtemp, readFile, rm, stat, writeFile } from 'node:fs/promises';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestApp, TEST_ADMIN_TOKEN } from '../helpers/app-server.ts';
import { createAccount } from '../helpers/fixtures.ts';
import { postGraphQL, runCli } from '../helpers/server-process.ts';

async function put(root: string, parts: string[], content: string | Buffer) {
  const file = path.join(root, ...parts);
  await mkdir(path.dirname(file), { recursive: true });
  await writeFile(file, content);
}

/** Forwards every request to the server and keeps the bytes the CLI sent. */
function recordingProxy(target: string): Promise<{ url: string; sent: Buffer[]; server: Server }> {
  const sent: Buffer[] = [];
  const server = createServer(async (req, res) => {
    const chunks: Buffer[] = [];
    for await (const chunk of req) chunks.push(chunk as Buffer);
    const body = Buffer.concat(chunks);
    sent.push(Buffer.from(`${req.method} ${req.url}\n${JSON.stringify(req.headers)}\n`), body);
    const headers = Object.fromEntries(
      Object.entries(req.headers).filter(([name]) => !['host', 'content-length', 'connection'].includes(name)) as [
        string,
        string,
      ][],
    );
    const response = await fetch(`${target}${req.url}`, {
      method: req.method,
      headers,
      body: body.length > 0 ? body : undefined,
    });
    res.writeHead(response.status, { 'content-type': response.headers.get('content-type') ?? 'application/json' });
    res.end(Buffer.from(await response.arrayBuffer()));
  });
  return new Promise((resolve) =>
    server.listen(0, '127.0.0.1', () =>
      resolve({ url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`, sent, server }),
    ),
  );
}

describe('trafficgraph snapshot scan', () => {
  let app: Awaited<ReturnType<typeof startTestApp>>;
  let proxy: Awaited<ReturnType<typeof recordingProxy>>;
  let root: string;
  let result: Awaited<ReturnType<typeof runCli>>;
  const prompt = `please refactor the ${randomBytes(6).toString('hex')} module`;
  const email = `sam.${randomBytes(4).toString('hex')}@example.com`;
  const privateProject = `acquisition-${randomBytes(4).toString('hex')}`;
  const secret = `sk-proj-${randomBytes(24).toString('hex')}`;
  const windowsSecret = `ghp_${randomBytes(18).toString('hex')}`;

  beforeAll(async () => {
    app = await startTestApp();
    await createAccount(app.db, 'fleet');
    proxy = await recordingProxy(app.url);
    root = await mkdtemp(path.join(tmpdir(), 'tg-cli-scan-'));
    const home = path.join(root, 'home');
    const project = path.join(root, 'code', 'api');
    // A large ~/.claude.json (prompt history, account e-mail, project names), as long-used installs have.
    const history = Array.from({ length: 30_000 }, (_, i) => ({ display: `${prompt} #${i}`, pastedContents: {} }));
    await put(
      home,
      ['.claude.json'],
      JSON.stringify({
        oauthAccount: { emailAddress: email },
        history,
        mcpServers: {
          memory: {
            command: 'npx',
            args: ['-y', '@modelcontextprotocol/server-memory'],
            env: { OPENAI_API_KEY: secret },
          },
        },
        projects: {
          [project]: { history: [{ display: prompt }] },
          [path.join(root, 'code', privateProject)]: { history: [] },
        },
      }),
    );
    await put(
      project,
      ['.mcp.json'],
      JSON.stringify({ mcpServers: { 'api-db': { command: 'uvx', args: ['mcp-server-postgres'] } } }),
    );
    // Written by Windows PowerShell: UTF-16 LE with a BOM, a command path with spaces.
    const cursor = JSON.stringify({
      mcpServers: {
        'win-github': { command: 'C:\\Program Files\\nodejs\\node.exe', env: { GITHUB_TOKEN: windowsSecret } },
      },
    });
    await put(
      home,
      ['.cursor', 'mcp.json'],
      Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from(cursor, 'utf16le')]),
    );
    result = await runCli(
      ['snapshot', 'scan', '--home', home, '--label', 'laptop', '--server', proxy.url, '--token', TEST_ADMIN_TOKEN],
      {},
    );
  });
  afterAll(async () => {
    proxy?.server.close();
    await app?.dispose();
    await rm(root, { recursive: true, force: true });
  });

  it('stores one snapshot with the servers of every file, the UTF-16 one included', async () => {
    expect(result.stderr).not.toMatch(/error/i);
    expect(result.code).toBe(0);
    expect(result.stdout).toMatch(/Snapshot \d+: 3 servers/);
    const listed = await postGraphQL<{
      snapshotServers: { items: { serverName: string; command: string; env: Record<string, string> }[] };
    }>(app.url, TEST_ADMIN_TOKEN, '{ snapshotServers(limit: 100) { items { serverName command env } } }');
    const servers = listed.body.data!.snapshotServers.items;
    expect(servers.map((s) => s.serverName).sort()).toEqual(['api-db', 'memory', 'win-github']);
    expect(servers.find((s) => s.serverName === 'win-github')).toMatchObject({
      command: 'C:\\Program Files\\nodejs\\node.exe',
      env: { GITHUB_TOKEN: expect.stringMatching(/^\[REDACTED_/) },
    });
  });

  it('sends server entries only: no history, e-mail, unlisted project name or secret leaves the machine', () => {
    const bytes = Buffer.concat(proxy.sent).toString('utf8');
    expect(bytes).toContain('api-db');
    for (const forbidden of [prompt, email, privateProject, secret, windowsSecret])
      expect(bytes).not.toContain(forbidden);
    // The ~1.5 MB ~/.claude.json is over the 1 MiB GraphQL body limit; what is sent is a few kilobytes.
    expect(Buffer.concat(proxy.sent).length).toBeLessThan(20_000);
  });

  it('keeps the fingerprint key on the machine, readable by its owner only', async () => {
    const keyFile = path.join(root, 'home', '.trafficgraph', 'fingerprint-key');
    const key = (await readFile(keyFile, 'utf8')).trim();
    expect(key).toMatch(/^[0-9a-f]{64}$/);
    expect((await stat(keyFile)).mode & 0o077).toBe(0);
    expect(Buffer.concat(proxy.sent).toString('utf8')).not.toContain(key);
  });
});
