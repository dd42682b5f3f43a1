import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { exportRequests } from '../../src/cli/commands/export.ts';
import { token } from '../../src/cli/commands/token.ts';
import { startTestApp, TEST_ADMIN_TOKEN } from '../helpers/app-server.ts';
import { createAccount } from '../helpers/fixtures.ts';

/** What a command failed with: the one line the CLI prints. */
const failureOf = async (run: Promise<void>): Promise<string> => {
  try {
    await run;
  } catch (error) {
    return (error as Error).message;
  }
  throw new Error('the command succeeded');
};

describe("the server's input errors name the flag the user typed", () => {
  let app: Awaited<ReturnType<typeof startTestApp>>;
  let connection: string[];
  beforeAll(async () => {
    app = await startTestApp();
    await createAccount(app.db, 'flags', ['production'], ['orders']);
    connection = ['--server', app.url, '--token', TEST_ADMIN_TOKEN];
  });
  afterAll(() => app.dispose());

  const exportFailure = (...flags: string[]) =>
    failureOf(exportRequests([...connection, '--env', 'production', ...flags]));

  it('export names --since for a duration it cannot read', async () => {
    const message = await exportFailure('--since', '2x');
    expect(message).toMatch(/^--since: "2x" is not a duration/);
    expect(message).not.toContain('range.');
  });

  it('export names --from and --since when both are given', async () => {
    expect(await exportFailure('--since', '2h', '--from', '2026-11-01T00:00:00Z')).toMatch(
      /^--since and --from cannot both be given/,
    );
  });

  it('export names --status-class for a class that is not one', async () => {
    const message = await exportFailure('--status-class', '6xx');
    expect(message).toMatch(/^--status-class: "6xx" is not one of/);
    expect(message).not.toContain('filter.');
  });

  it('token create names --expires for a duration it cannot read', async () => {
    const message = await failureOf(
      token(['create', ...connection, '--name', 'n', '--env', 'production', '--all-buckets', '--expires', '3x']),
    );
    expect(message).toMatch(/^--expires "3x" is not a duration/);
  });

  it('token create names --buckets and --all-buckets when both are given', async () => {
    const message = await failureOf(
      token(['create', ...connection, '--name', 'n', '--env', 'production', '--buckets', 'orders', '--all-buckets']),
    );
    expect(message).toContain('give --buckets or --all-buckets, not both');
  });
});
