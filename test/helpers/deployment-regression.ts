import type { Database } from '../../src/db/database.ts';
import type { TestAccount } from './fixtures.ts';
import { regressionTraffic } from './regression-traffic.ts';
import { store } from './traffic-data.ts';

/** The endpoint whose p95 triples after the deployment, and the one whose error rate doubles. */
export const SLOWER_ENDPOINT = 'GET /api/orders/:id';
export const FAILING_ENDPOINT = 'POST /api/payments';

/**
 * Known-regression traffic for the analytics tests: production regresses at `deployedAt` (one endpoint 3x
 * slower, another failing twice as often, the rest unchanged), staging carries the same day/night cycle with
 * no change, and a deployment event marks the moment. Returns the event's id.
 */
export async function seedDeploymentRegression(
  db: Database,
  account: TestAccount,
  range: { from: Date; until: Date; deployedAt: Date },
): Promise<string> {
  const base = { bucket: 'api', from: range.from, to: range.until, peakPerHour: 800 };
  const regression = { at: range.deployedAt, latency: { [SLOWER_ENDPOINT]: 3 }, errors: { [FAILING_ENDPOINT]: 2 } };
  await store(db, regressionTraffic(account, { ...base, environment: 'production', seed: 7, regression }));
  await store(db, regressionTraffic(account, { ...base, environment: 'staging', seed: 8 }));
  const event = await db.prisma.event.create({
    data: {
      accountId: account.accountId,
      environmentId: account.environments.production!,
      type: 'deployment',
      title: 'Deploy v2.3',
      version: 'v2.3',
      startedAt: range.deployedAt,
      createdBy: 'test',
    },
  });
  return event.id;
}
