import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestApp, TEST_ADMIN_TOKEN } from '../helpers/app-server.ts';
import { createAccount } from '../helpers/fixtures.ts';
import { runCli } from '../helpers/server-process.ts';
import { store, trafficFor } from '../helpers/traffic-data.ts';

const DAY_MS = 86_400_000;

describe('trafficgraph purge', () => {
  let app: Awaited<ReturnType<typeof startTestApp>>;
  let env: Record<string, string>;

  beforeAll(async () => {
    app = await startTestApp();
    const account = await createAccount(app.db, 'cli-purge');
    await store(
      app.db,
      trafficFor(account, { seed: 4, requests: 250, days: 1, until: new Date(Date.now() - 100 * DAY_MS) }),
    );
    await store(app.db, trafficFor(account, { seed: 5, requests: 50, days: 1, until: new Date() }));
    env = { TRAFFICGRAPH_SERVER: app.url, ADMIN_TOKEN: TEST_ADMIN_TOKEN };
  });
  afterAll(() => app.dispose());

  it('--dry-run shows the cut-offs and rows per table that would go, and deletes nothing', async () => {
    const result = await runCli(['purge', '--dry-run'], env);
    expect(result.code).toBe(0);
    expect(result.stdout).toMatch(
      /^Raw requests before \S+ \(RETENTION_DAYS=90\) and rollups ended by \S+ \(ROLLUP_RETENTION_DAYS=400\) would be deleted:\n {2}Request +250\n/,
    );
    expect(result.stdout).toContain('Dry run: nothing was deleted.');
    expect(await app.db.prisma.request.count()).toBe(300);
  });

  it('deletes the expired requests now and says how many', async () => {
    const result = await runCli(['purge'], env);
    expect(result.code).toBe(0);
    expect(result.stdout).toMatch(/\n {2}Request +250\n/);
    expect(await app.db.prisma.request.count()).toBe(50);
  });
});
