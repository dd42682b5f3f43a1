import type { Database } from '../../src/db/database.ts';
import { generateDemoRequest } from '../../src/domain/demo/generate-traffic.ts';
import type { RequestRecord } from '../../src/domain/ingest/request-record.ts';
import { storeRequests } from '../../src/domain/ingest/store-requests.ts';
import { createAccount } from '../helpers/fixtures.ts';
import { inFlight } from './in-flight.ts';

export interface StoreThroughput {
  perSecond: number;
  batchMedianMs: number;
}

/**
 * Records per second through storeRequests alone (rows and rollups in the transaction it opens per batch, no
 * validation, rules or sanitizing), with `writers` batches in flight: what the database itself accepts.
 */
export async function measureStore(
  db: Database,
  records: readonly RequestRecord[],
  writers: number,
  batch = 500,
  options: { routeRollups?: boolean } = {},
): Promise<StoreThroughput> {
  const { seconds, sliceMs } = await inFlight(records, batch, writers, (slice) =>
    storeRequests(db.sql, slice, options),
  );
  sliceMs.sort((a, b) => a - b);
  return { perSecond: records.length / seconds, batchMedianMs: sliceMs[sliceMs.length >> 1] ?? 0 };
}

/** `count` demo records of the last `days` (one by default), all in one environment, spread over two buckets. */
export function demoRecordsFor(
  account: { accountId: string; environmentId: string; bucketIds: readonly [string, string] },
  count: number,
  seed: number,
  days = 1,
): RequestRecord[] {
  const env = account.environmentId;
  const [a, b] = account.bucketIds;
  const plan = {
    seed,
    requests: count,
    days,
    until: new Date(),
    accountId: account.accountId,
    environmentIds: { production: env, staging: env, development: env },
    bucketIds: { 'payments-api': a, 'users-api': b, 'search-api': a, webhooks: b },
  };
  return Array.from({ length: count }, (_, i) => ({ ...generateDemoRequest(plan, i), publicId: `store-${seed}-${i}` }));
}

/** A new account with one environment and two buckets, as demoRecordsFor wants it. */
export async function createStoreTarget(db: Database, name: string) {
  const account = await createAccount(db, name, ['production'], ['payments-api', 'users-api']);
  const [a, b] = Object.values(account.buckets);
  return {
    accountId: account.accountId,
    environmentId: account.environments.production!,
    bucketIds: [a!, b!] as const,
  };
}
