import { describe, expect, it } from 'vitest';
import { toolText, useRegressionTools } from '../../helpers/mcp-tool-harness.ts';

describe('compare_periods', () => {
  const tools = useRegressionTools();

  it('around a deployment leads with the endpoints that regressed', async () => {
    const result = await tools.changed('compare_periods', { event_id: tools.deploymentId, window: '3h' });
    expect(result.isError).toBeFalsy();
    expect((result.structuredContent as { significant_count: number }).significant_count).toBe(2);
    expect(toolText(result)).toMatchInlineSnapshot(`
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

  it('answers what the client checks against the listed output schema, its comparison listed once', async () => {
    const listed = (await tools.listTools()).tools.find((tool) => tool.name === 'compare_periods')!;
    expect(listed.outputSchema).toMatchObject({ definitions: { comparison: { type: 'object' } } });
    // The SDK client validates structuredContent against that schema and throws when it does not match.
    const result = await tools.changed('compare_periods', { event_id: tools.deploymentId, window: '3h' });
    expect(result.structuredContent).toMatchObject({ overall: { endpoint: 'overall' }, endpoints: expect.any(Array) });
  });

  it('lists at most limit endpoints and says how many it left out', async () => {
    const result = await tools.changed('compare_periods', { event_id: tools.deploymentId, window: '3h', limit: 2 });
    const structured = result.structuredContent as { endpoints: { endpoint: string }[]; total_endpoints: number };
    expect(structured.endpoints.map((e) => e.endpoint)).toEqual(['GET /api/orders/:id', 'POST /api/payments']);
    expect(structured.total_endpoints).toBe(6);
    expect(toolText(result).split('\n').at(-1)).toBe('Showing 2 of 6 endpoints; 4 not shown (raise limit, up to 100).');
  });

  it('on unchanged traffic says nothing changed', async () => {
    const result = await tools.unchanged('compare_periods', {
      from: '2026-10-24T16:00:00Z',
      to: '2026-10-24T19:00:00Z',
      baseline_from: '2026-10-24T13:00:00Z',
      baseline_to: '2026-10-24T16:00:00Z',
    });
    expect(toolText(result)).toMatchInlineSnapshot(`
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

  it('names a bad baseline by the argument the model gave, not the GraphQL path it filled', async () => {
    const result = await tools.changed('compare_periods', { since: '2h', baseline_from: 'last tuesday' });
    expect(result.isError).toBe(true);
    expect(result.content[0]!.text).toBe(
      'baseline_from: "last tuesday" is not an RFC 3339 time (e.g. 2026-11-20T14:00:00Z) or now-2h. Check the arguments and call again.',
    );
  });

  it('refuses ranges together with an event, naming the argument', async () => {
    const result = await tools.changed('compare_periods', { event_id: tools.deploymentId, since: '2h' });
    expect(result.isError).toBe(true);
    expect(result.content[0]!.text).toMatch(/^event_id: give an event or ranges/);
  });
});
