import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runCli, startServerProcess, type ServerProcess } from '../helpers/server-process.ts';

const ADMIN_TOKEN = 'seed-test-admin-token-0123456789';

describe('trafficgraph seed --demo through a running server', () => {
  let dataDir: string;
  let server: ServerProcess;

  beforeAll(async () => {
    dataDir = await mkdtemp(path.join(tmpdir(), 'tg-seed-'));
    server = await startServerProcess({ DATA_DIR: dataDir, DEMO_DATA: 'false', ADMIN_TOKEN });
  });
  afterAll(async () => {
    await server.stop();
    await rm(dataDir, { recursive: true, force: true });
  });

  const seed = (extra: string[] = []) =>
    runCli(
      [
        'seed',
        '--demo',
        '--requests',
        '12000',
        '--days',
        '3',
        '--seed',
        '99',
        '--until',
        '2026-11-01T00:00:00Z',
        ...extra,
      ],
      {
        ADMIN_TOKEN,
        TRAFFICGRAPH_SERVER: server.url,
      },
    );

  it('stores every request once, with progress, and a second identical run adds nothing', async () => {
    const first = await seed();
    expect(first.code).toBe(0);
    expect(first.stdout).toContain('stored 12,000 new requests (seed 99');
    expect(first.stderr).toContain('12,000/12,000 (100%)');
    const second = await seed();
    expect(second.code).toBe(0);
    expect(second.stdout).toContain('stored 0 new requests');
  });

  it('refuses a bad argument with one line naming it', async () => {
    const result = await seed(['--days', 'many']);
    expect(result.code).toBe(1);
    expect(result.stderr).toMatch(/--days must be a whole number/);
  });

  it('says how to fix a missing or wrong token', async () => {
    const result = await runCli(['seed', '--demo'], {
      TRAFFICGRAPH_SERVER: server.url,
      ADMIN_TOKEN: 'wrong-token-wrong-token',
    });
    expect(result.code).toBe(1);
    expect(result.stderr).toMatch(/bearer token is invalid/);
  });

  it('says where no server answered', async () => {
    const result = await runCli(['token', 'list'], { TRAFFICGRAPH_SERVER: 'http://127.0.0.1:1', ADMIN_TOKEN });
    expect(result.code).toBe(1);
    expect(result.stderr).toMatch(/No trafficgraph server answered at http:\/\/127\.0\.0\.1:1/);
  });
});
