import { afterEach, describe, expect, it } from 'vitest';
import { diffMigrationsToSchema } from '../../src/db/migration-diff.ts';
import { listMigrations } from '../../src/db/migration-files.ts';
import { createTestDatabase, DATABASE_KINDS, type TestDatabase } from '../helpers/databases.ts';

describe('migrations', () => {
  it('take an empty database to exactly prisma/schema.prisma (no drift)', async () => {
    expect(await diffMigrationsToSchema()).toBe('');
  });

  describe.each(DATABASE_KINDS)('on %s', (kind) => {
    let test: TestDatabase | undefined;
    afterEach(async () => {
      await test?.dispose();
      test = undefined;
    });

    it('apply once and record every migration in _prisma_migrations', async () => {
      test = await createTestDatabase(kind);
      const names = (await listMigrations()).map((m) => m.name);
      const rows = await test.db.sql.query<{ migration_name: string }>(
        'SELECT migration_name FROM "_prisma_migrations" ORDER BY 1',
      );
      expect(rows.map((r) => r.migration_name)).toEqual(names);
      expect(await test.db.migrate()).toEqual({ applied: [], alreadyApplied: names.length });
    });

    it('refuse to continue when an applied migration file was edited', async () => {
      test = await createTestDatabase(kind);
      await test.db.sql.query(`UPDATE "_prisma_migrations" SET checksum = 'edited' WHERE migration_name = $1`, [
        (await listMigrations())[0]!.name,
      ]);
      await expect(test.db.migrate()).rejects.toThrow(/was changed after it was applied/);
    });
  });
});
