import { createHash } from 'node:crypto';
import { access, cp, mkdtemp, readFile, rename, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { openDatabase } from '../../src/db/database.ts';
import { listMigrations } from '../../src/db/migration-files.ts';

/**
 * A new embedded-database folder, already through initdb and every migration: a copy of a template built once.
 * initdb is most of a test server's start (measured 10.7 s of 9–19 s on this machine under load, 1.1 s to
 * reopen an initialized folder), and each test file starts its own server.
 */
export async function migratedDataDir(): Promise<string> {
  const template = await (building ??= buildTemplate());
  const dataDir = await mkdtemp(path.join(tmpdir(), 'tg-app-'));
  await cp(template, dataDir, { recursive: true });
  return dataDir;
}

let building: Promise<string> | undefined;

/**
 * The template for this PGlite version and these migrations (its folder name carries their hash, so a changed
 * migration gets a new template). The first test process to need it builds it in a folder of its own and
 * renames it into place; one that loses that race removes its copy and uses the winner's.
 */
async function buildTemplate(): Promise<string> {
  const pglite = await readFile(new URL('../../node_modules/@electric-sql/pglite/package.json', import.meta.url));
  const key = createHash('sha256')
    .update(pglite)
    .update(JSON.stringify(await listMigrations()))
    .digest('hex')
    .slice(0, 16);
  const template = path.join(tmpdir(), `tg-pglite-template-${key}`);
  if (await exists(template)) return template;
  const staging = await mkdtemp(path.join(tmpdir(), 'tg-pglite-staging-'));
  const db = await openDatabase({ dataDir: staging });
  await db.migrate();
  await db.close();
  try {
    await rename(staging, template);
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    if (code !== 'ENOTEMPTY' && code !== 'EEXIST') throw error;
    await rm(staging, { recursive: true, force: true });
  }
  return template;
}

const exists = (file: string) =>
  access(file).then(
    () => true,
    () => false,
  );
