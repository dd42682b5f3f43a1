import { readFile } from 'node:fs/promises';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestDatabase, DATABASE_KINDS, type TestDatabase } from '../helpers/databases.ts';
import { createAccount } from '../helpers/fixtures.ts';

const MIGRATION = new URL(
  '../../prisma/migrations/20261127230144_log_file_redaction_count/migration.sql',
  import.meta.url,
);

describe.each(DATABASE_KINDS)('the log file redaction count migration on %s', (kind) => {
  let test: TestDatabase;
  beforeAll(async () => {
    test = await createTestDatabase(kind);
    const { accountId } = await createAccount(test.db, 'logs');
    const snapshot = await test.db.prisma.snapshot.create({ data: { accountId, takenAt: new Date() } });
    await test.db.prisma.snapshotLogFile.createMany({
      data: [
        { snapshotId: snapshot.id, path: '/Users/[REDACTED_PII]/Library/Logs/Claude/fetch.log' },
        { snapshotId: snapshot.id, path: '/opt/claude/logs/fetch.log' },
      ],
    });
    // The table as it was before the migration: no count.
    await test.db.sql.exec('ALTER TABLE "SnapshotLogFile" DROP COLUMN "redactedCount"');
  });
  afterAll(() => test.dispose());

  it('counts a stored placeholder once and a clean path as none', async () => {
    await test.db.sql.exec(await readFile(MIGRATION, 'utf8'));
    const rows = await test.db.prisma.snapshotLogFile.findMany({
      orderBy: { path: 'asc' },
      select: { path: true, redactedCount: true },
    });
    expect(rows).toEqual([
      { path: '/Users/[REDACTED_PII]/Library/Logs/Claude/fetch.log', redactedCount: 1 },
      { path: '/opt/claude/logs/fetch.log', redactedCount: 0 },
    ]);
  });
});
