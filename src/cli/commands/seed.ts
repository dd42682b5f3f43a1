import { parseArgs } from 'node:util';
import { loadConfig } from '../../config.ts';
import { openDatabase } from '../../db/database.ts';
import {
  demoUntil,
  ensureDemoAccount,
  randomDemoSeed,
  seedDemoTraffic,
  type DemoOptions,
} from '../../domain/demo/seed-demo.ts';
import { CliSeedDemoDataDocument } from '../../generated/graphql.ts';
import { connectionFrom, connectionHelp, connectionOptions } from '../connection-options.ts';
import { CliError, requestGraphQL } from '../graphql-client.ts';
import { createProgress } from '../progress.ts';

export const seedHelp = `trafficgraph seed --demo [--requests N] [--days D] [--seed S] [--until TIME] [--direct]
  Adds the demo account and N requests of demo traffic over D days ending at TIME (default: the next
  full hour). The same seed, N, D and TIME always give the same records, so a second run with the same
  --seed and --until adds nothing; without --seed each run picks a new seed and adds new records.
  --requests N   default 100000        --days D   default 7 (1 to 90)
  --seed S       default random        --until    RFC 3339 time
  --direct       write to DATABASE_URL / DATA_DIR instead of a running server
${connectionHelp}`;

const CHUNK = 10_000;

function positiveInt(name: string, text: string | undefined, fallback: number, max: number): number {
  if (text === undefined) return fallback;
  const value = Number(text);
  if (!Number.isInteger(value) || value < 0 || value > max)
    throw new CliError(`--${name} must be a whole number from 0 to ${max} (got "${text}")`);
  return value;
}

export async function seed(argv: string[]): Promise<void> {
  const { values } = parseArgs({
    args: argv,
    options: {
      ...connectionOptions,
      demo: { type: 'boolean' },
      requests: { type: 'string' },
      days: { type: 'string' },
      seed: { type: 'string' },
      until: { type: 'string' },
      direct: { type: 'boolean' },
    },
  });
  if (!values.demo) throw new CliError('Only demo data can be seeded: pass --demo');
  const until = values.until ? new Date(values.until) : demoUntil();
  if (Number.isNaN(until.getTime())) throw new CliError(`--until "${values.until}" is not an RFC 3339 time`);
  const options: DemoOptions = {
    seed: positiveInt('seed', values.seed, randomDemoSeed(), 2_147_483_647),
    requests: positiveInt('requests', values.requests, 100_000, 10_000_000),
    days: positiveInt('days', values.days, 7, 90) || 1,
    until,
  };
  const progress = createProgress(
    `seeding ${options.requests.toLocaleString('en-US')} demo requests (seed ${options.seed})`,
  );
  let inserted = 0;
  if (values.direct) {
    const config = loadConfig();
    const db = await openDatabase({ databaseUrl: config.databaseUrl, dataDir: config.dataDir });
    try {
      await db.migrate();
      const account = await ensureDemoAccount(db, options);
      for (let offset = 0; offset < options.requests; offset += CHUNK) {
        inserted += (await seedDemoTraffic(db, account, options, { offset, count: CHUNK })).inserted;
        progress.update(Math.min(offset + CHUNK, options.requests), options.requests);
      }
    } finally {
      await db.close();
    }
  } else {
    const connection = connectionFrom(values);
    for (let offset = 0; offset === 0 || offset < options.requests; offset += CHUNK) {
      const result = await requestGraphQL(connection, CliSeedDemoDataDocument, {
        input: { ...options, until: options.until.toISOString(), offset, count: CHUNK },
      });
      inserted += result.seedDemoData.inserted;
      progress.update(Math.min(offset + CHUNK, options.requests), options.requests);
    }
  }
  console.log(
    `stored ${inserted.toLocaleString('en-US')} new requests (seed ${options.seed}, until ${options.until.toISOString()})`,
  );
}
