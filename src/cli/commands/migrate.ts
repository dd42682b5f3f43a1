import { loadConfig } from '../../config.ts';
import { openDatabase } from '../../db/database.ts';

export const migrateHelp = `trafficgraph migrate
  Applies the migrations in prisma/migrations to DATABASE_URL, or to the embedded database in DATA_DIR.
  Safe to run while other instances are up on PostgreSQL (one migrates, the others wait).`;

export async function migrate(): Promise<void> {
  const config = loadConfig();
  const db = await openDatabase({ databaseUrl: config.databaseUrl, dataDir: config.dataDir });
  try {
    const outcome = await db.migrate();
    console.log(
      outcome.applied.length === 0
        ? `${db.location}: up to date (${outcome.alreadyApplied} migrations applied before)`
        : `${db.location}: applied ${outcome.applied.join(', ')}`,
    );
  } finally {
    await db.close();
  }
}
