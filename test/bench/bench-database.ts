import { cp, mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import pg from 'pg';
import { openDatabase, type Database, type DatabaseKind } from '../../src/db/database.ts';

/** A fresh, migrated database for a benchmark run: file-backed PGlite, or a new PostgreSQL database. */
export async function benchDatabase(
  kind: DatabaseKind,
): Promise<{ db: Database; url: string | null; dispose(): Promise<void> }> {
  if (kind === 'pglite') {
    const dir = await mkdtemp(path.join(tmpdir(), 'tg-bench-'));
    const db = await openDatabase({ dataDir: dir });
    await db.migrate();
    return { db, url: null, dispose: async () => (await db.close(), await rm(dir, { recursive: true, force: true })) };
  }
  const base = process.env.DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres';
  const name = `tg_bench_${Date.now()}`;
  const admin = new pg.Client({ connectionString: base });
  await admin.connect();
  await admin.query(`CREATE DATABASE ${name}`);
  await admin.end();
  const { db, url } = await openMigrated(base, name);
  return {
    db,
    url,
    async dispose() {
      await db.close();
      const client = new pg.Client({ connectionString: base });
      await client.connect();
      await client.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
      await client.end();
    },
  };
}

/**
 * Two fresh benchmark databases with the same contents: one made by `prepare`, then copied while closed (PGlite's
 * data directory copied on disk; PostgreSQL's database copied by CREATE DATABASE ... TEMPLATE, which needs no open
 * connection to it), so that a large size can grow from a copy of the small one instead of seeding it all again.
 */
export async function benchDatabaseTwins(
  kind: DatabaseKind,
  prepare: (db: Database) => Promise<void>,
): Promise<{ dbs: [Database, Database]; dispose(): Promise<void> }> {
  if (kind === 'pglite') {
    const dir = await mkdtemp(path.join(tmpdir(), 'tg-bench-'));
    const first = await openDatabase({ dataDir: dir });
    try {
      await first.migrate();
      await prepare(first);
    } catch (error) {
      // A failed seed leaves no data directory behind (an hour-long bench would otherwise leak gigabytes).
      await first.close();
      await rm(dir, { recursive: true, force: true });
      throw error;
    }
    await first.close();
    const copyDir = `${dir}-copy`;
    await cp(dir, copyDir, { recursive: true });
    const dbs: [Database, Database] = [await openDatabase({ dataDir: dir }), await openDatabase({ dataDir: copyDir })];
    return {
      dbs,
      async dispose() {
        for (const db of dbs) await db.close();
        for (const d of [dir, copyDir]) await rm(d, { recursive: true, force: true });
      },
    };
  }
  const base = process.env.DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres';
  const name = `tg_bench_${Date.now()}`;
  const admin = new pg.Client({ connectionString: base });
  await admin.connect();
  try {
    await admin.query(`CREATE DATABASE ${name}`);
    try {
      const first = (await openMigrated(base, name)).db;
      try {
        await prepare(first);
      } finally {
        await first.close();
      }
      await admin.query(`CREATE DATABASE ${name}_copy TEMPLATE ${name}`);
    } catch (error) {
      // A failed seed or copy leaves no database behind.
      await admin.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
      throw error;
    }
  } finally {
    await admin.end();
  }
  const dbs: [Database, Database] = [
    (await openMigrated(base, name)).db,
    (await openMigrated(base, `${name}_copy`)).db,
  ];
  return {
    dbs,
    async dispose() {
      for (const db of dbs) await db.close();
      const client = new pg.Client({ connectionString: base });
      await client.connect();
      for (const n of [name, `${name}_copy`]) await client.query(`DROP DATABASE IF EXISTS ${n} WITH (FORCE)`);
      await client.end();
    },
  };
}

/** Opens the PostgreSQL database `name` on the server of `base` and migrates it. */
export async function openMigrated(base: string, name: string): Promise<{ db: Database; url: string }> {
  const url = new URL(base);
  url.pathname = `/${name}`;
  const db = await openDatabase({ databaseUrl: url.toString(), dataDir: 'unused' });
  await db.migrate();
  return { db, url: url.toString() };
}

export function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = Math.floor(sorted.length / 2);
  return sorted.length % 2 ? sorted[mid]! : (sorted[mid - 1]! + sorted[mid]!) / 2;
}

export async function timeMedian(runs: number, work: () => Promise<unknown>): Promise<number> {
  await work(); // warm caches and plans; the first run is not what a steady server sees
  const times: number[] = [];
  for (let i = 0; i < runs; i++) {
    const start = performance.now();
    await work();
    times.push(performance.now() - start);
  }
  return median(times);
}
