import type { Client } from '@modelcontextprotocol/sdk/client/index.js';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { connectStreamable, stableText, startTestApp } from '../helpers/app-server.ts';
import { createAccount, createToken } from '../helpers/fixtures.ts';
import { seedDeploymentRegression } from '../helpers/deployment-regression.ts';

const FROM = new Date('2026-10-20T00:00:00Z');
const UNTIL = new Date('2026-10-25T00:00:00Z');
const DEPLOYED = new Date('2026-10-24T16:00:00Z');
const LAST_DAY = { from: '2026-10-24T00:00:00Z', to: '2026-10-25T00:00:00Z' };

type TextResult = {
  content: { type: string; text: string }[];
  structuredContent?: Record<string, unknown>;
  isError?: boolean;
};

describe('compare_periods and find_anomalies over Streamable HTTP', () => {
  let app: Awaited<ReturnType<typeof startTestApp>>;
  let changed: Client;
  let unchanged: Client;
  let deploymentId: string;

  const call = async (client: Client, name: string, args: Record<string, unknown>) =>
    (await client.callTool({ name, arguments: args })) as TextResult;
  const text = (result: TextResult) => stableText(result.content[0]!.text);

  beforeAll(async () => {
    app = await startTestApp();
    const account = await createAccount(app.db, 'analysis', ['production', 'staging'], ['api']);
    deploymentId = await seedDeploymentRegression(app.db, account, { from: FROM, until: UNTIL, deployedAt: DEPLOYED });
    ({ client: changed } = await connectStreamable(
      app.url,
      (await createToken(app.db, account, { environment: 'production' })).secret,
    ));
    ({ client: unchanged } = await connectStreamable(
      app.url,
      (await createToken(app.db, account, { environment: 'staging' })).secret,
    ));
  }, 180_000);
  afterAll(async () => {
    await changed?.close();
    await unchanged?.close();
    await app.dispose();
  });

  it('both tools are read-only and declare an output schema', async () => {
    const { tools } = await changed.listTools();
    for (const name of ['compare_periods', 'find_anomalies']) {
      const tool = tools.find((t) => t.name === name)!;
      expect(tool.annotations).toMatchObject({
        readOnlyHint: true,
        destructiveHint: false,
        idempotentHint: true,
        openWorldHint: false,
      });
      expect(tool.outputSchema?.type).toBe('object');
      expect(Object.keys(tool.inputSchema.properties ?? {})).not.toContain('environment');
    }
  });

  it('compare_periods around a deployment leads with the endpoints that regressed', async () => {
    const result = await call(changed, 'compare_periods', { event_id: deploymentId, window: '3h' });
    expect(result.isError).toBeFalsy();
    expect((result.structuredContent as { significant_count: number }).significant_count).toBe(2);
    expect(text(result)).toMatchInlineSnapshot(`
      "GET /api/orders/:id p95 1,689 ms after vs 586 ms before, 2.9x, n=739/822, significant (regressed); POST /api/payments error rate 21.2% after vs 9.59% before, n=628/678, significant (regressed); 4 other endpoints unchanged.
      Before 2026-10-24T13:00:00.000Z to 2026-10-24T16:00:00.000Z; after 2026-10-24T16:00:00.000Z to 2026-10-24T19:00:00.000Z around deployment "Deploy v2.3" (2026-10-24T16:00:00.000Z).
      Overall: p95 1,234 ms vs 445 ms, errors 8.13% vs 4.30%, 2,090/2,397 requests, throughput 0.87x.
      endpoint             verdict    n after/before  p95 after  p95 before  errors after  errors before  rate
      -------------------  ---------  --------------  ---------  ----------  ------------  -------------  -----
      GET /api/orders/:id  regressed  739/822         1,689 ms   586 ms      2.44%         2.19%          0.90x
      POST /api/payments   regressed  628/678         289 ms     257 ms      21.2%         9.59%          0.93x
      GET /api/search      unchanged  246/288         203 ms     220 ms      2.03%         0.69%          0.85x
      POST /webhooks       unchanged  95/122          396 ms     396 ms      6.32%         8.20%          0.78x
      GET /api/users       unchanged  255/316         108 ms     113 ms      3.14%         2.53%          0.81x
      GET /healthz         unchanged  127/171         11.6 ms    11.6 ms     0.00%         0.00%          0.74x"
    `);
  });

  it('compare_periods on unchanged traffic says nothing changed', async () => {
    const result = await call(unchanged, 'compare_periods', {
      from: '2026-10-24T16:00:00Z',
      to: '2026-10-24T19:00:00Z',
      baseline_from: '2026-10-24T13:00:00Z',
      baseline_to: '2026-10-24T16:00:00Z',
    });
    expect(text(result)).toMatchInlineSnapshot(`
      "No significant change: 6 endpoints unchanged.
      Before 2026-10-24T13:00:00.000Z to 2026-10-24T16:00:00.000Z; after 2026-10-24T16:00:00.000Z to 2026-10-24T19:00:00.000Z.
      Overall: p95 428 ms vs 412 ms, errors 4.30% vs 4.90%, 2,091/2,408 requests, throughput 0.87x.
      endpoint             verdict    n after/before  p95 after  p95 before  errors after  errors before  rate
      -------------------  ---------  --------------  ---------  ----------  ------------  -------------  -----
      GET /api/orders/:id  unchanged  721/799         563 ms     542 ms      1.80%         3.38%          0.90x
      POST /webhooks       unchanged  107/110         338 ms     366 ms      10.3%         5.45%          0.97x
      POST /api/payments   unchanged  658/794         267 ms     267 ms      8.66%         9.45%          0.83x
      GET /api/users       unchanged  247/289         122 ms     113 ms      2.43%         1.73%          0.85x
      GET /api/search      unchanged  256/268         220 ms     211 ms      1.17%         1.87%          0.96x
      GET /healthz         unchanged  102/148         11.2 ms    12.1 ms     0.00%         0.00%          0.69x"
    `);
  });

  it('"p95 over the last day, any anomalies?" is one call under 2,000 characters naming the anomalies and the deployment', async () => {
    const result = await call(changed, 'find_anomalies', LAST_DAY);
    const answer = result.content[0]!.text;
    expect(answer.length).toBeLessThan(2000);
    expect(answer).toContain('Deploy v2.3');
    expect(text(result)).toMatchInlineSnapshot(`
      "p95 over 2026-10-24T00:00:00.000Z to 2026-10-25T00:00:00.000Z: 902 ms (p50 137 ms, p99 1,502 ms; 10,582 requests).
      8 anomalies:
      hour                      p95       baseline  score  requests  latest event before
      ------------------------  --------  --------  -----  --------  ----------------------------------------------------
      2026-10-24T16:00:00.000Z  1,234 ms  420 ms    12.0   767       deployment "Deploy v2.3" at 2026-10-24T16:00:00.000Z
      2026-10-24T17:00:00.000Z  1,284 ms  420 ms    12.2   707       deployment "Deploy v2.3" at 2026-10-24T16:00:00.000Z
      2026-10-24T18:00:00.000Z  1,234 ms  446 ms    9.8    616       deployment "Deploy v2.3" at 2026-10-24T16:00:00.000Z
      2026-10-24T19:00:00.000Z  1,234 ms  428 ms    9.6    519       deployment "Deploy v2.3" at 2026-10-24T16:00:00.000Z
      2026-10-24T20:00:00.000Z  1,284 ms  445 ms    8.9    444       deployment "Deploy v2.3" at 2026-10-24T16:00:00.000Z
      2026-10-24T21:00:00.000Z  1,389 ms  428 ms    9.2    333       deployment "Deploy v2.3" at 2026-10-24T16:00:00.000Z
      2026-10-24T22:00:00.000Z  1,234 ms  445 ms    6.4    262       deployment "Deploy v2.3" at 2026-10-24T16:00:00.000Z
      2026-10-24T23:00:00.000Z  1,689 ms  463 ms    8.0    184       deployment "Deploy v2.3" at 2026-10-24T16:00:00.000Z
      24 hourly points, 24 scored against the same hour on past days (|score| ≥ 4.5)."
    `);
  });

  it('find_anomalies on unchanged traffic says there are none, under 2,000 characters', async () => {
    const result = await call(unchanged, 'find_anomalies', LAST_DAY);
    expect(result.content[0]!.text.length).toBeLessThan(2000);
    expect(text(result)).toMatchInlineSnapshot(`
      "p95 over 2026-10-24T00:00:00.000Z to 2026-10-25T00:00:00.000Z: 428 ms (p50 132 ms, p99 659 ms; 10,527 requests).
      No anomalies at normal sensitivity.
      24 hourly points, 24 scored against the same hour on past days (|score| ≥ 4.5)."
    `);
  });

  it('find_anomalies for one endpoint and metric', async () => {
    const result = await call(changed, 'find_anomalies', {
      ...LAST_DAY,
      method: 'POST',
      route: '/api/payments',
      metric: 'error_rate',
      sensitivity: 'high',
    });
    expect(text(result)).toMatchInlineSnapshot(`
      "error_rate over 2026-10-24T00:00:00.000Z to 2026-10-25T00:00:00.000Z for POST /api/payments: 13.4% errors (3,110 requests).
      5 anomalies:
      hour                      error_rate  baseline  score  requests  latest event before
      ------------------------  ----------  --------  -----  --------  ----------------------------------------------------
      2026-10-24T16:00:00.000Z  20.1%       9.45%     5.4    219       deployment "Deploy v2.3" at 2026-10-24T16:00:00.000Z
      2026-10-24T17:00:00.000Z  20.2%       9.46%     5.5    223       deployment "Deploy v2.3" at 2026-10-24T16:00:00.000Z
      2026-10-24T18:00:00.000Z  23.7%       8.28%     4.1    186       deployment "Deploy v2.3" at 2026-10-24T16:00:00.000Z
      2026-10-24T19:00:00.000Z  20.0%       10.9%     3.5    140       deployment "Deploy v2.3" at 2026-10-24T16:00:00.000Z
      2026-10-24T21:00:00.000Z  17.2%       8.21%     3.2    99        deployment "Deploy v2.3" at 2026-10-24T16:00:00.000Z
      24 hourly points, 19 scored against the same hour on past days (|score| ≥ 3); 5 not scored (under 50 requests or no history)."
    `);
  });

  it('refuses ranges together with an event, naming the argument', async () => {
    const result = await call(changed, 'compare_periods', { event_id: deploymentId, since: '2h' });
    expect(result.isError).toBe(true);
    expect(result.content[0]!.text).toMatch(/event: give an event or ranges/);
  });

  it('names a bad baseline by the argument the model gave, not the GraphQL path it filled', async () => {
    const result = await call(changed, 'compare_periods', { since: '2h', baseline_from: 'last tuesday' });
    expect(result.isError).toBe(true);
    expect(result.content[0]!.text).toBe(
      'baseline_from: "last tuesday" is not an RFC 3339 time (e.g. 2026-11-20T14:00:00Z) or now-2h. Check the arguments and call again.',
    );
  });
});
