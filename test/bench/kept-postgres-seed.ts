import pg from 'pg';
import type { Database } from '../../src/db/database.ts';
import { ensureDemoAccount } from '../../src/domain/demo/seed-demo.ts';
import { compactRouteQuartersBetween, quarterFloor } from '../../src/domain/route-quarters/compact-route-quarters.ts';
import { openMigrated } from './bench-database.ts';
import { bulkSeedDemo } from './bulk-seed.ts';

/**
 * Opens the kept PostgreSQL database `name` (created if missing), grown to `size` requests seeded the bench's
 * way over 30 days up to `until` (nothing after it), with VACUUM ANALYZE and CHECKPOINT after any growth, as the
 * analytics bench does after each size. Kept between runs so a probe at 1M can be grown to 5M without seeding
 * again; growing must pass the same `until` it was first seeded with. For the diagnosis probes.
 */
export async function openKeptPostgresSeed(
  name: string,
  size: number,
  until: Date,
): Promise<{ db: Database; until: Date }> {
  const base = process.env.DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres';
  const admin = new pg.Client({ connectionString: base });
  await admin.connect();
  if ((await admin.query('SELECT 1 FROM pg_database WHERE datname = $1', [name])).rowCount !== 1)
    await admin.query(`CREATE DATABASE ${name}`);
  await admin.end();
  const { db } = await openMigrated(base, name);
  const options = { seed: 2026, requests: size, days: 30, until };
  const stored = (await db.sql.query<{ stored: string }>('SELECT count(*)::text AS stored FROM "Request"'))[0]!.stored;
  if (Number(stored) < size) {
    const account = await ensureDemoAccount(db, options);
    await bulkSeedDemo(db, 'postgres', account, options, Number(stored));
    await db.sql.exec('VACUUM ANALYZE');
    await db.sql.exec('CHECKPOINT');
  }
  // As the analytics bench does after seeding; finds nothing stale once done.
  const started = performance.now();
  const { rebuilt } = await compactRouteQuartersBetween(
    db.sql,
    new Date(until.getTime() - 31 * 86_400_000),
    new Date(quarterFloor(until.getTime())),
  );
  console.error(`route quarters: ${rebuilt} rebuilt in ${((performance.now() - started) / 1000).toFixed(1)} s`);
  return { db, until };
}

/**
 * The probes' instant from an ISO argument. By default 2026-11-27 09:29 UTC: minute 29 as the bench's anchor, and
 * within a day, since at a day boundary the previous-period and day pieces line up and scale unlike the bench's.
 */
export function probeInstant(argument: string | undefined): Date {
  const until = new Date(argument ?? '2026-11-27T09:29:00Z');
  if (Number.isNaN(until.getTime())) throw new Error(`not an instant: ${argument}`);
  return until;
}
