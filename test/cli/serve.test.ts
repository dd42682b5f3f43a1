import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { postGraphQL, runCli, startServerProcess } from '../helpers/server-process.ts';

const COUNT_QUERY = '{ environments { name } buckets { name } }';

describe('trafficgraph serve on the embedded database', () => {
  let dataDir: string;
  let adminToken: string;
  let mcpToken: string;

  beforeAll(async () => {
    dataDir = await mkdtemp(path.join(tmpdir(), 'tg-serve-'));
  });
  afterAll(() => rm(dataDir, { recursive: true, force: true }));

  it('first start seeds the demo and, stdout not being a terminal, keeps both tokens out of the output', async () => {
    const server = await startServerProcess({ DATA_DIR: dataDir, DEMO_REQUESTS: '4000' });
    try {
      const output = server.output();
      adminToken = (await readFile(path.join(dataDir, 'admin-token'), 'utf8')).trim();
      expect(adminToken).toMatch(/^tga_/);
      expect(output).toContain(`written once to ${path.join(dataDir, 'admin-token')}`);
      expect(output).not.toMatch(/tg[ap]_/);
      expect(output).toContain(`MCP token: one was made for the demo but is not printed`);
      expect(output).toContain(`--server ${server.url}`);
      expect(output).toContain(`${server.url}/graphql`);
      expect(output).toContain('4,000 requests over 7 days');
      const result = await postGraphQL<{ environments: { name: string }[]; buckets: { name: string }[] }>(
        server.url,
        adminToken,
        COUNT_QUERY,
      );
      expect(result.body.data?.environments.map((e) => e.name)).toEqual(['production', 'staging', 'development']);
      expect(result.body.data?.buckets.map((b) => b.name)).toEqual([
        'payments-api',
        'search-api',
        'users-api',
        'webhooks',
      ]);
      const created = await runCli(['token', 'create', '--name', 'assistant', '--env', 'production', '--all-buckets'], {
        ADMIN_TOKEN: adminToken,
        TRAFFICGRAPH_SERVER: server.url,
      });
      mcpToken = /\n\s+(tgp_\S+)/.exec(created.stdout)![1]!;
      const viewer = await postGraphQL<{ viewer: { environment: { name: string } } }>(
        server.url,
        mcpToken,
        '{ viewer { environment { name } } }',
      );
      expect(viewer.body.data?.viewer.environment.name).toBe('production');
      const ready = await fetch(`${server.url}/readyz`);
      expect(ready.status).toBe(200);
    } finally {
      expect(await server.stop()).toBe(0);
    }
  });

  it('a restart keeps the data, the tokens keep working, and nothing is seeded again', async () => {
    const server = await startServerProcess({ DATA_DIR: dataDir });
    try {
      expect(server.output()).not.toContain('Demo data');
      expect(server.output()).not.toContain('Admin token');
      const result = await postGraphQL<{ buckets: { name: string }[] }>(server.url, mcpToken, '{ buckets { name } }');
      expect(result.body.data?.buckets).toHaveLength(4);
      const tokens = await runCli(['token', 'list'], { ADMIN_TOKEN: adminToken, TRAFFICGRAPH_SERVER: server.url });
      expect(tokens.code).toBe(0);
      expect(tokens.stdout).toContain('demo-assistant');
    } finally {
      await server.stop();
    }
  });

  it('a second process on the same DATA_DIR is refused with one line, and the first keeps its data', async () => {
    const server = await startServerProcess({ DATA_DIR: dataDir });
    try {
      const second = await runCli(['serve'], { DATA_DIR: dataDir, PORT: '0' });
      expect(second.code).toBe(1);
      expect(second.stderr.trim().split('\n')).toHaveLength(1);
      expect(second.stderr).toMatch(/DATA_DIR .* is in use by another trafficgraph process/);
      const result = await postGraphQL<{ buckets: { name: string }[] }>(server.url, mcpToken, '{ buckets { name } }');
      expect(result.body.data?.buckets).toHaveLength(4);
    } finally {
      await server.stop();
    }
  });

  it('a port in use exits non-zero with one line naming PORT, and harms no data', async () => {
    const blocker = createServer();
    await new Promise<void>((resolve) => blocker.listen(0, '127.0.0.1', resolve));
    const port = (blocker.address() as { port: number }).port;
    try {
      const result = await runCli(['serve'], { DATA_DIR: dataDir, PORT: String(port) });
      expect(result.code).toBe(1);
      expect(result.stderr.trim().split('\n')).toHaveLength(1);
      expect(result.stderr).toContain(`PORT ${port}`);
    } finally {
      blocker.close();
    }
    const server = await startServerProcess({ DATA_DIR: dataDir });
    try {
      const result = await postGraphQL<{ buckets: { name: string }[] }>(server.url, mcpToken, '{ buckets { name } }');
      expect(result.body.data?.buckets).toHaveLength(4);
    } finally {
      await server.stop();
    }
  });
});

/** A port free right now: taken by a throwaway listener, then released. */
async function freePort(): Promise<number> {
  const probe = createServer();
  await new Promise<void>((resolve) => probe.listen(0, '127.0.0.1', resolve));
  const { port } = probe.address() as { port: number };
  await new Promise<void>((resolve) => probe.close(() => resolve()));
  return port;
}

/** Polls /healthz until it answers 200 (or the time runs out), as a deploy script waiting for the server would. */
async function untilHealthy(url: string, timeoutMs = 90_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    const status = await fetch(`${url}/healthz`).then(
      (response) => response.status,
      () => 0,
    );
    if (status === 200) return;
    await new Promise((resolve) => setTimeout(resolve, 10));
  }
  throw new Error(`${url}/healthz did not answer 200 within ${timeoutMs} ms`);
}

describe('a first start that writes the admin token to a file', () => {
  it('has written DATA_DIR/admin-token by the time /healthz first answers', async () => {
    const dataDir = await mkdtemp(path.join(tmpdir(), 'tg-healthz-'));
    const port = await freePort();
    const starting = startServerProcess({ DATA_DIR: dataDir, DEMO_REQUESTS: '4000', PORT: String(port) });
    starting.catch(() => {});
    try {
      await untilHealthy(`http://127.0.0.1:${port}`);
      const token = await readFile(path.join(dataDir, 'admin-token'), 'utf8').catch(() => 'no file');
      expect(token.trim()).toMatch(/^tga_/);
    } finally {
      await (await starting).stop();
      await rm(dataDir, { recursive: true, force: true });
    }
  });
});

describe('bad configuration exits non-zero with one line saying what to fix', () => {
  it.each([
    [{ DATABASE_URL: 'not a url' }, /DATABASE_URL is not a valid URL/],
    [{ DATABASE_URL: 'mysql://root@127.0.0.1/x' }, /DATABASE_URL must start with postgres:/],
    [
      { DATABASE_URL: 'postgres://postgres@127.0.0.1:1/none' },
      /Cannot reach the database in DATABASE_URL \(127\.0\.0\.1:1\/none\)/,
    ],
    [{ PORT: 'eighty' }, /PORT must be a whole number/],
    [{ LOG_LEVEL: 'loud' }, /LOG_LEVEL must be one of/],
    [{ ADMIN_TOKEN: 'short' }, /ADMIN_TOKEN must be at least 16 characters/],
  ])('%o', async (env, message) => {
    const result = await runCli(['serve'], { DATA_DIR: path.join(tmpdir(), 'tg-never-created'), ...env });
    expect(result.code).toBe(1);
    expect(result.stderr.trim().split('\n')).toHaveLength(1);
    expect(result.stderr).toMatch(message);
  });

  it('an unwritable DATA_DIR names DATA_DIR', async () => {
    const file = path.join(await mkdtemp(path.join(tmpdir(), 'tg-file-')), 'plain-file');
    await writeFile(file, 'not a folder');
    const result = await runCli(['serve'], { DATA_DIR: path.join(file, 'data') });
    expect(result.code).toBe(1);
    expect(result.stderr.trim().split('\n')).toHaveLength(1);
    expect(result.stderr).toMatch(/DATA_DIR .* is not a writable folder/);
  });
});

describe('trafficgraph --help', () => {
  it('lists every command', async () => {
    const result = await runCli(['--help'], {});
    expect(result.code).toBe(0);
    for (const command of ['serve', 'migrate', 'seed', 'token']) expect(result.stdout).toContain(command);
  });
});
