import { execFile, spawn } from 'node:child_process';
import { chownSync, existsSync, readdirSync } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import { servicesRequired } from './databases.ts';

const run = promisify(execFile);

/**
 * Throwaway Redis and PostgreSQL servers owned by one test, so a fault test can stop and start them
 * without disturbing the shared services other suites are using at the same time.
 */
export interface PrivateService {
  url: string;
  stop(): Promise<void>;
  start(): Promise<void>;
  dispose(): Promise<void>;
}

async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address() as { port: number };
      server.close(() => resolve(port));
    });
    server.once('error', reject);
  });
}

async function waitFor(check: () => Promise<boolean>, what: string, timeoutMs = 20_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    if (await check().catch(() => false)) return;
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  throw new Error(`${what} did not come up within ${timeoutMs} ms`);
}

export const redisServerBinary = ['/usr/bin/redis-server', '/usr/local/bin/redis-server'].find((p) => existsSync(p));

const postgresBin = (() => {
  const root = '/usr/lib/postgresql';
  if (!existsSync(root)) return undefined;
  const version = readdirSync(root).sort().at(-1);
  const bin = version ? path.join(root, version, 'bin') : undefined;
  return bin && existsSync(path.join(bin, 'pg_ctl')) ? bin : undefined;
})();

/** Skips (or, with REQUIRE_SERVICES=1, fails) when the server binaries are not installed. */
export function privateServicesAvailable(what: string): boolean {
  const available = redisServerBinary !== undefined && postgresBin !== undefined;
  if (!available && servicesRequired)
    throw new Error(`REQUIRE_SERVICES=1 but redis-server or PostgreSQL binaries are missing (${what})`);
  if (!available) console.warn(`redis-server or PostgreSQL server binaries not found: ${what} is skipped`);
  return available;
}

/** A Redis that writes every change to its append-only file, so keys survive a stop and start. */
export async function startPrivateRedis(): Promise<PrivateService> {
  const dir = await mkdtemp(path.join(tmpdir(), 'tg-redis-'));
  const port = await freePort();
  const cli = (...args: string[]) => run('redis-cli', ['-p', String(port), ...args]);
  const start = async () => {
    const child = spawn(
      redisServerBinary!,
      [
        '--port',
        String(port),
        '--bind',
        '127.0.0.1',
        '--dir',
        dir,
        '--appendonly',
        'yes',
        '--appendfsync',
        'always',
        '--save',
        '',
        '--daemonize',
        'no',
      ],
      { stdio: 'ignore', detached: true },
    );
    child.unref();
    await waitFor(async () => (await cli('ping')).stdout.trim() === 'PONG', 'private redis');
  };
  const stop = async () => {
    await cli('shutdown', 'nosave').catch(() => {});
    await waitFor(
      async () =>
        !(await cli('ping').then(
          () => true,
          () => false,
        )),
      'private redis shutdown',
    );
  };
  await start();
  return {
    url: `redis://127.0.0.1:${port}`,
    start,
    stop,
    dispose: async () => (await stop(), await rm(dir, { recursive: true, force: true })),
  };
}

/** A PostgreSQL cluster of its own (initdb in a temp dir, trust auth), run as the postgres user when root. */
export async function startPrivatePostgres(): Promise<PrivateService> {
  const dir = await mkdtemp(path.join(tmpdir(), 'tg-pg-'));
  const data = path.join(dir, 'data');
  const port = await freePort();
  const asRoot = process.getuid?.() === 0;
  if (asRoot) {
    const { stdout } = await run('id', ['-u', 'postgres']);
    const { stdout: gid } = await run('id', ['-g', 'postgres']);
    chownSync(dir, Number(stdout.trim()), Number(gid.trim()));
  }
  const as = (command: string, args: string[]) =>
    asRoot
      ? run('runuser', ['-u', 'postgres', '--', path.join(postgresBin!, command), ...args])
      : run(path.join(postgresBin!, command), args);
  await as('initdb', ['-D', data, '-A', 'trust', '-U', 'postgres', '--no-sync']);
  const start = async () => {
    await as('pg_ctl', [
      '-D',
      data,
      '-l',
      path.join(dir, 'log'),
      '-w',
      '-o',
      `-p ${port} -k ${dir} -c listen_addresses=127.0.0.1 -c fsync=off`,
      'start',
    ]);
  };
  const stop = async () => {
    await as('pg_ctl', ['-D', data, '-m', 'fast', '-w', 'stop']).catch(() => {});
  };
  await start();
  return {
    url: `postgres://postgres@127.0.0.1:${port}/postgres`,
    start,
    stop,
    dispose: async () => {
      await stop();
      await rm(dir, { recursive: true, force: true });
    },
  };
}
