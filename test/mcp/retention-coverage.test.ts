import type { Client } from '@modelcontextprotocol/sdk/client/index.js';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runPurge } from '../../src/domain/retention/run-purge.ts';
import { connectStreamable, startTestApp } from '../helpers/app-server.ts';
import { createAccount, createToken } from '../helpers/fixtures.ts';
import { store, trafficFor } from '../helpers/traffic-data.ts';

const DAY_MS = 86_400_000;
const HOUR_MS = 3_600_000;
const hoursAgo = (hours: number) =>
  new Date(Math.floor(Date.now() / HOUR_MS) * HOUR_MS - hours * HOUR_MS).toISOString();
const OLD = { from: hoursAgo(101 * 24), to: hoursAgo(99 * 24) };

type TextResult = { content: { type: string; text: string }[] };

describe('MCP answers over a range retention purged', () => {
  let app: Awaited<ReturnType<typeof startTestApp>>;
  let client: Client;
  const text = async (name: string, args: Record<string, unknown>) =>
    ((await client.callTool({ name, arguments: args })) as TextResult).content[0]!.text;

  beforeAll(async () => {
    app = await startTestApp();
    const account = await createAccount(app.db, 'mcp-retention');
    await store(
      app.db,
      trafficFor(account, { seed: 3, requests: 300, days: 1, until: new Date(Date.now() - 100 * DAY_MS) }),
    );
    await runPurge(app.db, { rawDays: 90, rollupDays: 400 }, new Date());
    ({ client } = await connectStreamable(
      app.url,
      (await createToken(app.db, account, { environment: 'production', buckets: 'all' })).secret,
    ));
  });
  afterAll(async () => {
    await client?.close();
    await app.dispose();
  });

  it('search_requests tells the model the raw requests of the range were deleted', async () => {
    expect(await text('search_requests', OLD)).toMatch(
      /^Range: .*\nIncomplete: Raw requests older than 90 days \(RETENTION_DAYS\) are deleted: nothing before \S+ is counted or listed/,
    );
  });

  it('get_throughput over the same range answers from rollups and says nothing is missing', async () => {
    const answer = await text('get_throughput', { ...OLD, interval: '1h' });
    expect(answer).not.toContain('Incomplete');
    expect(answer).toMatch(/peak [1-9]\d*/);
  });
});
