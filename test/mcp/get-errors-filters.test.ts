import type { Client } from '@modelcontextprotocol/sdk/client/index.js';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { RequestRecord } from '../../src/domain/ingest/request-record.ts';
import { connectStreamable, startTestApp } from '../helpers/app-server.ts';
import { errorGroupCounts, leastErroneousPrefix } from '../helpers/error-groups.ts';
import { createAccount, createToken } from '../helpers/fixtures.ts';
import { store, trafficFor } from '../helpers/traffic-data.ts';

const UNTIL = new Date('2026-10-01T00:00:00Z');
const WINDOW = { from: '2026-09-30T00:00:00Z', to: '2026-10-01T00:00:00Z' };

type ErrorsResult = {
  isError?: boolean;
  structuredContent?: {
    top_groups: { method: string; route: string; status: number; count: number }[];
    requests: { path: string }[];
  };
};

describe('get_errors filters', () => {
  let app: Awaited<ReturnType<typeof startTestApp>>;
  let client: Client;
  let production: RequestRecord[];

  beforeAll(async () => {
    app = await startTestApp();
    const account = await createAccount(app.db, 'errors', ['production', 'staging'], ['checkout', 'catalog']);
    const records = trafficFor(account, { seed: 33, requests: 3000, days: 1, until: UNTIL });
    await store(app.db, records);
    production = records.filter((r) => r.environmentId === account.environments.production);
    const secret = (await createToken(app.db, account, { environment: 'production', buckets: 'all' })).secret;
    ({ client } = await connectStreamable(app.url, secret));
  });
  afterAll(async () => {
    await client?.close();
    await app.dispose();
  });

  it('a path narrows the top error groups as well as the list', async () => {
    const { prefix, outside } = leastErroneousPrefix(production);
    expect(outside).toBeGreaterThan(0);
    const result = (await client.callTool({
      name: 'get_errors',
      arguments: { ...WINDOW, path: prefix, limit: 100 },
    })) as ErrorsResult;
    expect(result.isError).toBeFalsy();
    const expected = errorGroupCounts(production.filter((r) => r.path.startsWith(prefix)));
    const groups = result.structuredContent!.top_groups;
    expect(groups.length).toBe(Math.min(5, expected.size));
    for (const group of groups)
      expect(group.count).toBe(expected.get(`${group.method} ${group.route} ${group.status}`));
    expect(result.structuredContent!.requests.every((r) => r.path.startsWith(prefix))).toBe(true);
  });
});
