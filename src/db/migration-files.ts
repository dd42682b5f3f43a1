import { readdir, readFile } from 'node:fs/promises';
import { fileURLToPath } from 'node:url';
import path from 'node:path';

export const PRISMA_DIR = fileURLToPath(new URL('../../prisma/', import.meta.url));
export const MIGRATIONS_DIR = path.join(PRISMA_DIR, 'migrations');
export const SCHEMA_PATH = path.join(PRISMA_DIR, 'schema.prisma');

export interface MigrationFile {
  name: string;
  sql: string;
}

/** The committed migrations in apply order (folder names start with a UTC timestamp). */
export async function listMigrations(): Promise<MigrationFile[]> {
  let entries: string[];
  try {
    entries = await readdir(MIGRATIONS_DIR);
  } catch {
    return [];
  }
  const names = entries.filter((name) => /^\d{14}_[a-z0-9_]+$/.test(name)).sort();
  return Promise.all(
    names.map(async (name) => ({
      name,
      sql: await readFile(path.join(MIGRATIONS_DIR, name, 'migration.sql'), 'utf8'),
    })),
  );
}
