import { MCP_TOKEN_SCOPES } from '../../auth/scopes.ts';
import type { Database } from '../../db/database.ts';
import { createAccessToken } from '../tokens/access-tokens.ts';
import { DEMO_INCIDENT } from './fixture.ts';
import { demoUntil, randomDemoSeed, seedDemo } from './seed-demo.ts';

/** Seeds the demo into an empty database and makes a ready MCP token for its production environment. */
export async function seedFirstStartDemo(
  db: Database,
  requests: number,
  onProgress: (done: number, total: number) => void,
) {
  const started = performance.now();
  const { account } = await seedDemo(db, { seed: randomDemoSeed(), requests, days: 7, until: demoUntil() }, onProgress);
  const { secret } = await createAccessToken(db, {
    accountId: account.accountId,
    environmentId: account.environmentIds[DEMO_INCIDENT.environment]!,
    name: 'demo-assistant',
    bucketIds: null,
    scopes: MCP_TOKEN_SCOPES,
    expiresAt: null,
    createdBy: 'first start',
  });
  return { mcpToken: secret, seconds: (performance.now() - started) / 1000 };
}
