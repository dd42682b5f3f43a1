import { mkdir, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { diffMigrationsToSchema } from './migration-diff.ts';
import { MIGRATIONS_DIR } from './migration-files.ts';

// Dev tool: `npm run migration:create -- add_rollups` writes the SQL that takes the committed migrations
// to prisma/schema.prisma, computed offline by the schema engine's wasm build.
const name = process.argv[2];
if (!name || !/^[a-z0-9_]+$/.test(name)) {
  console.error('Usage: npm run migration:create -- <name_in_snake_case>');
  process.exit(2);
}
const sql = await diffMigrationsToSchema();
if (sql === '') {
  console.log('prisma/schema.prisma matches the migrations; nothing to write');
} else {
  const stamp = new Date().toISOString().replace(/[-:T]/g, '').slice(0, 14);
  const folder = path.join(MIGRATIONS_DIR, `${stamp}_${name}`);
  await mkdir(folder, { recursive: true });
  await writeFile(path.join(folder, 'migration.sql'), sql);
  console.log(`wrote ${path.relative(process.cwd(), folder)}/migration.sql`);
}
