import type { Database } from '../../src/db/database.ts';
import { generateDemoRequest } from '../../src/domain/demo/generate-traffic.ts';
import type { RequestRecord } from '../../src/domain/ingest/request-record.ts';
import { storeRequests } from '../../src/domain/ingest/store-requests.ts';
import type { TestAccount } from './fixtures.ts';

/**
 * Demo-shaped traffic for a test account: environments and buckets of the account stand in for the demo
 * ones, so records are realistic but land where the test expects.
 */
export function trafficFor(
  account: TestAccount,
  options: { seed: number; requests: number; days: number; until: Date },
): RequestRecord[] {
  const envNames = Object.keys(account.environments);
  const bucketNames = Object.keys(account.buckets);
  const plan = {
    ...options,
    accountId: account.accountId,
    environmentIds: {
      production: account.environments[envNames[0]!]!,
      staging: account.environments[envNames[1] ?? envNames[0]!]!,
      development: account.environments[envNames[0]!]!,
    },
    bucketIds: {
      'payments-api': account.buckets[bucketNames[0]!]!,
      'users-api': account.buckets[bucketNames[1] ?? bucketNames[0]!]!,
      'search-api': account.buckets[bucketNames[0]!]!,
      webhooks: account.buckets[bucketNames[1] ?? bucketNames[0]!]!,
    },
  };
  return Array.from({ length: options.requests }, (_, i) => generateDemoRequest(plan, i));
}

export async function store(db: Database, records: RequestRecord[], batch = 5000): Promise<void> {
  for (let i = 0; i < records.length; i += batch) await storeRequests(db.sql, records.slice(i, i + batch));
}

/** Nearest-rank percentile, the definition the API's bound is stated against. */
export function exactPercentile(sorted: number[], p: number): number {
  return sorted[Math.max(1, Math.ceil(p * sorted.length)) - 1]!;
}

/** A scope's rawRetainedFrom where no purge ran: every raw row stored is still there. */
export const EVERY_RAW_ROW_KEPT = new Date(0);
