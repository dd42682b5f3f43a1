import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestApp, TEST_ADMIN_TOKEN } from '../helpers/app-server.ts';
import { createAccount, type TestAccount } from '../helpers/fixtures.ts';
import { runCli } from '../helpers/server-process.ts';

describe('trafficgraph environment update', () => {
  let app: Awaited<ReturnType<typeof startTestApp>>;
  let account: TestAccount;
  let env: Record<string, string>;
  const createsBuckets = async () =>
    (await app.db.prisma.environment.findUniqueOrThrow({ where: { id: account.environments.production! } }))
      .createsBucketsOnFirstSight;

  beforeAll(async () => {
    app = await startTestApp();
    account = await createAccount(app.db, 'cli-environment-settings', ['production', 'staging']);
    env = { TRAFFICGRAPH_SERVER: app.url, ADMIN_TOKEN: TEST_ADMIN_TOKEN };
  });
  afterAll(() => app.dispose());

  it('turns creating buckets on first sight on and off, and says which', async () => {
    const on = await runCli(['environment', 'update', 'production', '--create-buckets-on-first-sight', 'true'], env);
    expect(on).toMatchObject({ code: 0, stderr: '' });
    expect(on.stdout).toBe(
      'Environment "production" now creates buckets on first sight: capture into an unknown bucket name creates it\n',
    );
    expect(await createsBuckets()).toBe(true);

    const off = await runCli(['environment', 'update', 'production', '--create-buckets-on-first-sight=false'], env);
    expect(off).toMatchObject({ code: 0, stderr: '' });
    expect(off.stdout).toBe(
      'Environment "production" no longer creates buckets on first sight: capture into an unknown bucket name is rejected\n',
    );
    expect(await createsBuckets()).toBe(false);
  });

  it('environment list shows whether each environment creates buckets on first sight', async () => {
    await app.db.prisma.environment.update({
      where: { id: account.environments.staging! },
      data: { createsBucketsOnFirstSight: true },
    });
    const list = await runCli(['environment', 'list'], env);
    expect(list).toMatchObject({ code: 0, stderr: '' });
    const rows = list.stdout.trimEnd().split('\n');
    expect(rows[0]).toMatch(/^NAME\s+ID\s+DESCRIPTION\s+NEW BUCKETS$/);
    expect(rows.find((row) => row.startsWith('production '))).toMatch(/\srejected$/);
    expect(rows.find((row) => row.startsWith('staging '))).toMatch(/\screated on first sight$/);
    await app.db.prisma.environment.update({
      where: { id: account.environments.staging! },
      data: { createsBucketsOnFirstSight: false },
    });
  });

  it('refuses a value other than true or false and changes nothing', async () => {
    const result = await runCli(['environment', 'update', 'production', '--create-buckets-on-first-sight', 'yes'], env);
    expect(result.code).not.toBe(0);
    expect(result.stderr).toContain('--create-buckets-on-first-sight takes true or false (got "yes")');
    expect(await createsBuckets()).toBe(false);
  });

  it('shows the usage when the setting is missing', async () => {
    const result = await runCli(['environment', 'update', 'production'], env);
    expect(result.code).not.toBe(0);
    expect(result.stderr).toContain(
      'Usage: trafficgraph environment update NAME --create-buckets-on-first-sight true|false',
    );
  });

  it('names the environments there are when the name is unknown', async () => {
    const result = await runCli(['environment', 'update', 'prod', '--create-buckets-on-first-sight', 'true'], env);
    expect(result.code).not.toBe(0);
    expect(result.stderr).toContain('Environment "prod" not found; environments: production');
  });
});
