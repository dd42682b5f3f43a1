import { describe, expect, it } from 'vitest';
import { REGRESSION_LAST_DAY, toolText, useRegressionTools } from '../../helpers/mcp-tool-harness.ts';

describe('find_anomalies', () => {
  const tools = useRegressionTools();

  it('answers "p95 over the last day, any anomalies?" in one call under 2,000 characters, naming the deployment', async () => {
    const result = await tools.changed('find_anomalies', REGRESSION_LAST_DAY);
    const answer = result.content[0]!.text;
    expect(answer.length).toBeLessThan(2000);
    expect(answer).toContain('Deploy v2.3');
    expect(toolText(result)).toMatchInlineSnapshot(`
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

  it('on unchanged traffic says there are none, under 2,000 characters', async () => {
    const result = await tools.unchanged('find_anomalies', REGRESSION_LAST_DAY);
    expect(result.content[0]!.text.length).toBeLessThan(2000);
    expect(toolText(result)).toMatchInlineSnapshot(`
      "p95 over 2026-10-24T00:00:00.000Z to 2026-10-25T00:00:00.000Z: 428 ms (p50 132 ms, p99 659 ms; 10,527 requests).
      No anomalies at normal sensitivity.
      24 hourly points, 24 scored against the same hour on past days (|score| ≥ 4.5)."
    `);
  });

  it('scores one endpoint in the metric and sensitivity asked', async () => {
    const result = await tools.changed('find_anomalies', {
      ...REGRESSION_LAST_DAY,
      method: 'POST',
      route: '/api/payments',
      metric: 'error_rate',
      sensitivity: 'high',
    });
    expect(toolText(result)).toMatchInlineSnapshot(`
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

  it('scores the same endpoint when its route is written {id} instead of the stored :id', async () => {
    const endpoint = { ...REGRESSION_LAST_DAY, method: 'GET', metric: 'p95' };
    const stored = await tools.changed('find_anomalies', { ...endpoint, route: '/api/orders/:id' });
    const openApi = await tools.changed('find_anomalies', { ...endpoint, route: '/api/orders/{id}' });
    expect((stored.structuredContent as { summary: { requests: number } }).summary.requests).toBeGreaterThan(1000);
    expect(toolText(openApi)).toBe(toolText(stored).replace('GET /api/orders/:id', 'GET /api/orders/{id}'));
  });
});
