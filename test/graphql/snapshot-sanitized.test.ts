import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { snapshotInput } from '../../src/cli/snapshot-input.ts';
import { redactSnapshot } from '../../src/domain/inventory/redact-server.ts';
import type { ScannedSnapshot } from '../../src/domain/inventory/scanned-snapshot.ts';
import { createTestDatabase, type TestDatabase } from '../helpers/databases.ts';
import { createAccount } from '../helpers/fixtures.ts';
import { fakeSecrets } from '../helpers/fake-secrets.ts';
import { createGraphQLHarness } from '../helpers/graphql-harness.ts';

const IMPORT = `mutation($input: ImportSnapshotInput!) { importSnapshot(input: $input) { snapshotId } }`;
const LOGS = `query($snapshotId: Int!) {
  snapshotServers(snapshotId: $snapshotId, limit: 10) { items { serverName env sanitized logFiles logFilesSanitized } }
}`;

type Row = {
  serverName: string;
  env: Record<string, string>;
  sanitized: boolean;
  logFiles: string[];
  logFilesSanitized: boolean;
};

/** One Claude Desktop config whose only server logs to `logPath` and has `env`. */
const snapshotLogging = (logPath: string, env: Record<string, string> = {}): ScannedSnapshot => ({
  label: null,
  machine: 'laptop',
  hostname: null,
  platform: 'darwin',
  takenAt: new Date('2026-11-01T10:00:00Z'),
  files: [
    {
      client: 'claude_desktop',
      fileName: 'claude_desktop_config.json',
      filePath: '/opt/claude/claude_desktop_config.json',
      scope: 'global',
      status: 'ok',
      error: null,
      servers: [
        {
          name: 'fetch',
          transport: 'stdio',
          command: 'uvx',
          args: ['mcp-server-fetch'],
          env,
          workingDirectory: null,
          url: null,
          headers: {},
          disabled: false,
          logFiles: [{ path: logPath, sizeBytes: 120, modifiedAt: null }],
          secretFingerprints: {},
        },
      ],
    },
  ],
});

describe('sanitized and logFilesSanitized count the redactions the sanitizers made', () => {
  let test: TestDatabase;
  let graphql: Awaited<ReturnType<typeof createGraphQLHarness>>;
  const userName = `user${Math.random().toString(36).slice(2, 8)}`;

  const logsOf = async (snapshot: ReturnType<typeof snapshotInput>): Promise<Row> => {
    const imported = await graphql.execute<{ importSnapshot: { snapshotId: number } }>(IMPORT, { input: snapshot });
    expect(imported.errors).toBeUndefined();
    const listed = await graphql.execute<{ snapshotServers: { items: Row[] } }>(LOGS, {
      snapshotId: imported.data!.importSnapshot.snapshotId,
    });
    expect(listed.errors).toBeUndefined();
    return listed.data!.snapshotServers.items[0]!;
  };

  beforeAll(async () => {
    test = await createTestDatabase('pglite');
    await createAccount(test.db, 'inventory');
    graphql = await createGraphQLHarness(test.db);
  });
  afterAll(() => test.dispose());

  it('a log path holding a personal name, redacted by the server, counts as sanitized', async () => {
    const row = await logsOf(snapshotInput(snapshotLogging(`/Users/${userName}/Library/Logs/Claude/fetch.log`), null));
    expect(row.logFiles).toEqual(['/Users/[REDACTED_PII]/Library/Logs/Claude/fetch.log']);
    expect(row.logFilesSanitized).toBe(true);
  });

  it('a log path the scanning machine redacted counts as sanitized from the count it sent', async () => {
    const redacted = redactSnapshot(snapshotLogging(`/Users/${userName}/Library/Logs/Claude/fetch.log`), 'machine-key');
    const row = await logsOf(snapshotInput(redacted, null));
    expect(row.logFiles).toEqual(['/Users/[REDACTED_PII]/Library/Logs/Claude/fetch.log']);
    expect(row.logFilesSanitized).toBe(true);
  });

  it('a log path with nothing to redact does not count as sanitized', async () => {
    const row = await logsOf(snapshotInput(snapshotLogging('/opt/claude/logs/fetch.log'), null));
    expect(row.logFiles).toEqual(['/opt/claude/logs/fetch.log']);
    expect(row.logFilesSanitized).toBe(false);
  });

  it('a placeholder a user typed into a log path does not count as sanitized', async () => {
    const row = await logsOf(snapshotInput(snapshotLogging('/opt/claude/[REDACTED_PII]/fetch.log'), null));
    expect(row.logFiles).toEqual(['/opt/claude/[REDACTED_PII]/fetch.log']);
    expect(row.logFilesSanitized).toBe(false);
  });

  it('a server whose secret the scanning machine redacted counts as sanitized from the count it sent', async () => {
    const token = fakeSecrets().find((s) => s.format === 'github-classic')!.value;
    const redacted = redactSnapshot(snapshotLogging('/opt/claude/logs/fetch.log', { GITHUB_TOKEN: token }), 'key');
    const row = await logsOf(snapshotInput(redacted, null));
    expect(row.env.GITHUB_TOKEN).toMatch(/^\[REDACTED_/);
    expect(row.sanitized).toBe(true);
  });

  it('a placeholder a user typed into a server value does not count as sanitized', async () => {
    const row = await logsOf(
      snapshotInput(snapshotLogging('/opt/claude/logs/fetch.log', { NOTE: '[REDACTED_TOKEN]' }), null),
    );
    expect(row.env).toEqual({ NOTE: '[REDACTED_TOKEN]' });
    expect(row.sanitized).toBe(false);
  });
});
