import type { Database, DatabaseKind } from '../../src/db/database.ts';
import { seedDemoTraffic, type DemoAccount, type DemoOptions } from '../../src/domain/demo/seed-demo.ts';
import { createProgress } from '../../src/cli/progress.ts';

const SLICE = 20_000;

/**
 * Grows the demo traffic from `stored` to `options.requests` through the product's own store path (COPY
 * plus rollups in each batch's transaction), so the database holds what ingest would. On PostgreSQL two
 * slices are in flight: one is generated and redacted in this process while the server stores the other,
 * which uses both cores; PGlite runs in this process and gains nothing from it.
 */
export async function seedInFlight(
  db: Database,
  kind: DatabaseKind,
  account: DemoAccount,
  options: DemoOptions,
  stored: number,
): Promise<void> {
  const size = options.requests;
  const progress = createProgress(`${kind}: seeding to ${size.toLocaleString('en-US')} requests`);
  let next = stored;
  let done = 0;
  const runners = kind === 'postgres' ? 2 : 1;
  await Promise.all(
    Array.from({ length: runners }, async () => {
      while (next < size) {
        const offset = next;
        next += SLICE;
        await seedDemoTraffic(db, account, options, { offset, count: SLICE }, 5_000);
        done += Math.min(SLICE, size - offset);
        progress.update(done, size - stored);
      }
    }),
  );
}
