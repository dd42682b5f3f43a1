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
// Starts half an hour into an hour: answers read from hourly cells need the raw rows of that partial hour.
const OLD_PARTIAL_HOUR = { from: new Date(Date.parse(OLD.from) + HOUR_MS / 2).toISOString(), to: OLD.to };
const PARTIAL_HOUR_NOTE =
  /Incomplete: Raw requests older than 90 days \(RETENTION_DAYS\) are deleted: the partial first 60-minute cell of this range \(before \S+\) is not counted/;

type TextResult = { content: { type: string; text: string }[]; structuredContent: Record<string, unknown> };

describe('MCP answers over a range retention purged', () => {
  let app: Awaited<ReturnType<typeof startTestApp>>;
  let client: Client;
  const call = async (name: string, args: Record<string, unknown>) =>
    (await client.callTool({ name, arguments: args })) as TextResult;
  const text = async (name: string, args: Record<string, unknown>) => (await call(name, args)).content[0]!.text;

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

  it('get_endpoints flags a partial first hour whose raw rows were deleted, in text and structure', async () => {
    const result = await call('get_endpoints', OLD_PARTIAL_HOUR);
    expect(result.content[0]!.text).toMatch(/^Range: \S+ to \S+, sorted by volume; p95 change is against/);
    expect(result.content[0]!.text).toMatch(PARTIAL_HOUR_NOTE);
    expect(result.content[0]!.text).toMatch(/whole 60-minute cells for a complete answer\.\n/);
    expect(result.content[0]!.text).toMatch(/\nIncomplete \(previous period\): /);
    expect(result.structuredContent.coverage).toEqual({ complete: false, note: expect.stringContaining('60-minute') });
  });

  it('compare_periods flags each period whose partial hour was deleted', async () => {
    const result = await call('compare_periods', OLD_PARTIAL_HOUR);
    expect(result.content[0]!.text).toMatch(/\nIncomplete \(before\): Raw requests older than 90 days/);
    expect(result.content[0]!.text).toMatch(/\nIncomplete \(after\): Raw requests older than 90 days/);
    expect(result.structuredContent.coverage).toEqual({
      before: { complete: false, note: expect.any(String) },
      after: { complete: false, note: expect.any(String) },
    });
  });

  it('find_anomalies flags a partial first hour whose raw rows were deleted', async () => {
    const result = await call('find_anomalies', { ...OLD_PARTIAL_HOUR, metric: 'throughput' });
    expect(result.content[0]!.text).toMatch(PARTIAL_HOUR_NOTE);
    expect(result.structuredContent.coverage).toEqual({ complete: false, note: expect.any(String) });
  });

  it('find_anomalies over whole hours says nothing is missing', async () => {
    const result = await call('find_anomalies', { ...OLD, metric: 'throughput' });
    expect(result.content[0]!.text).not.toContain('Incomplete');
    expect(result.structuredContent.coverage).toEqual({ complete: true, note: null });
  });
});
