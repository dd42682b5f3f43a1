import { describe, expect, it } from 'vitest';
import { toolText, useTrafficTools } from '../../helpers/mcp-tool-harness.ts';

describe('get_request_detail', () => {
  const tools = useTrafficTools({ traffic: true });

  it('shows one request in full, headers and bodies, with the authorization header redacted', async () => {
    const record = tools.records.find(
      (r) => r.environmentId === tools.account.environments.production && r.method === 'POST' && r.status >= 500,
    )!;
    expect(toolText(await tools.call('get_request_detail', { id: record.publicId }))).toMatchInlineSnapshot(`
      "POST https://payments.demo.trafficgraph.dev/v1/charges
      Status 503 in 133.9 ms at 2026-09-29T07:50:11.919Z
      Bucket checkout, environment production, client 203.216.78.15, id req_c3Y8rwdzsLsh1KEJWKMhKA
      Request headers:
        accept: application/json
        user-agent: Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/126.0 Safari/537.36
        content-type: application/json
        x-request-id: 3cd945457ed5c170
        authorization: [REDACTED_TOKEN]
      Request body (65 bytes):
        {"amount":21289,"currency":"gbp","customer":"cus_d26835fdc11f57"}
      Response headers:
        content-type: application/json
        x-response-time: 133.94ms
      Response body (87 bytes):
        {"error":"internal_error","message":"upstream timed out","trace_id":"166ddfef916730c3"}"
    `);
  });
});
