import { readFile } from 'node:fs/promises';
import { createRequire } from 'node:module';
import { PGlite } from '@electric-sql/pglite';
import { PrismaPGlite } from 'pglite-prisma-adapter';
import { bindMigrationAwareSqlAdapterFactory } from '@prisma/driver-adapter-utils';
import { listMigrations, MIGRATIONS_DIR, SCHEMA_PATH } from './migration-files.ts';

// The engine's ESM entry imports a .wasm module, which Node 20 only loads behind a flag; instantiating the
// wasm through its JS glue works everywhere, so the dev tools and the drift test need no special flags.
async function loadSchemaEngine() {
  const require = createRequire(import.meta.url);
  const gluePath = require.resolve('@prisma/schema-engine-wasm/schema_engine_bg');
  const glue = (await import(gluePath)) as typeof import('@prisma/schema-engine-wasm/schema_engine_bg');
  const wasmBytes = await readFile(gluePath.replace(/\.js$/, '.wasm'));
  const imports = { './schema_engine_bg.js': glue } as unknown as WebAssembly.Imports;
  const { instance } = await WebAssembly.instantiate(wasmBytes, imports);
  const exports = instance.exports as { __wbindgen_start?: () => void };
  (glue as unknown as { __wbg_set_wasm(w: unknown): void }).__wbg_set_wasm(instance.exports);
  exports.__wbindgen_start?.();
  return glue.SchemaEngine;
}

/** SQL that takes a database from the committed migrations to prisma/schema.prisma ('' when in sync). */
export async function diffMigrationsToSchema(): Promise<string> {
  const SchemaEngine = await loadSchemaEngine();
  const schemaText = await readFile(SCHEMA_PATH, 'utf8');
  const migrations = await listMigrations();
  const pglite = new PGlite();
  const adapter = bindMigrationAwareSqlAdapterFactory(new PrismaPGlite(pglite));
  const engine = await SchemaEngine.new({ datamodels: [['schema.prisma', schemaText]] }, () => {}, adapter);
  try {
    const from =
      migrations.length === 0
        ? ({ tag: 'empty' } as const)
        : ({
            tag: 'migrations',
            baseDir: MIGRATIONS_DIR,
            lockfile: { path: 'migration_lock.toml', content: 'provider = "postgresql"\n' },
            shadowDbInitScript: '',
            migrationDirectories: migrations.map((m) => ({
              path: m.name,
              migrationFile: { path: 'migration.sql', content: { tag: 'ok' as const, value: m.sql } },
            })),
          } as const);
    const result = await engine.diff({
      from,
      to: { tag: 'schemaDatamodel', files: [{ path: 'schema.prisma', content: schemaText }] },
      script: true,
      exitCode: null,
      filters: { externalTables: [], externalEnums: [] },
    });
    const sql = result.stdout ?? '';
    return /^\s*(--[^\n]*\n\s*)*$/.test(sql) || sql.includes('This is an empty migration') ? '' : sql;
  } finally {
    engine.free();
    await pglite.close();
  }
}
