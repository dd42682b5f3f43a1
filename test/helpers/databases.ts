import { randomBytes } from 'node:crypto';
import pg from 'pg';
import { openDatabase, type Database, type DatabaseKind } from '../../src/db/database.ts';

/**
 * PostgreSQL suites run when DATABASE_URL names a server (CI sets it); REQUIRE_SERVICES=1 turns a missing
 * server into a failure instead of a skip. Each suite gets a database of its own, dropped afterwards.
 */
export const postgresUrl = process.env.DATABASE_URL;
export const servicesRequired = process.env.REQUIRE_SERVICES === '1';

if (!postgresUrl) {
  const message =
    'DATABASE_URL is not set: PostgreSQL suites are skipped (set DATABASE_URL=postgres://postgres@127.0.0.1:5432/test to run them)';
  if (servicesRequired) throw new Error(message);
  console.warn(message);
}

export interface TestDatabase {
  db: Database;
  url: string | null;
  dispose(): Promise<void>;
}

export async function createPostgresDatabase(): Promise<{ url: string; drop(): Promise<void> }> {
  if (!postgresUrl) throw new Error('DATABASE_URL is not set');
  const name = `tg_test_${randomBytes(5).toString('hex')}`;
  const admin = new pg.Client({ connectionString: postgresUrl });
  await admin.connect();
  await admin.query(`CREATE DATABASE ${name}`);
  await admin.end();
  const url = new URL(postgresUrl);
  url.pathname = `/${name}`;
  return {
    url: url.toString(),
    async drop() {
      const client = new pg.Client({ connectionString: postgresUrl });
      await client.connect();
      await client.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
      await client.end();
    },
  };
}

/** A migrated, empty database of the given kind. */
export async function createTestDatabase(kind: DatabaseKind): Promise<TestDatabase> {
  if (kind === 'pglite') {
    const db = await openDatabase({ dataDir: 'memory://' });
    await db.migrate();
    return { db, url: null, dispose: () => db.close() };
  }
  const created = await createPostgresDatabase();
  const db = await openDatabase({ databaseUrl: created.url, dataDir: 'unused' });
  await db.migrate();
  return {
    db,
    url: created.url,
    async dispose() {
      await db.close();
      await created.drop();
    },
  };
}

/** The kinds a model test runs on: always PGlite, and PostgreSQL when available. */
export const DATABASE_KINDS: DatabaseKind[] = postgresUrl ? ['pglite', 'postgres'] : ['pglite'];
