import { describe, expect, it } from 'vitest';
import { DEMO_WINDOW, toolText, useTrafficTools } from '../../helpers/mcp-tool-harness.ts';

describe('get_errors', () => {
  const tools = useTrafficTools({ traffic: true });

  it('lists the top error groups, then the latest errors of the class asked', async () => {
    expect(
      toolText(await tools.call('get_errors', { ...DEMO_WINDOW, status_class: '5xx', limit: 3 })),
    ).toMatchInlineSnapshot(`
      "Range: 2026-09-30T12:00:00.000Z to 2026-09-30T18:00:00.000Z
      Top error groups:
      count  status  method  route
      -----  ------  ------  --------
      1      500     GET     /suggest
      1      503     GET     /suggest
      Latest errors:
      time                      method  status  ms    bucket    path      id
      ------------------------  ------  ------  ----  --------  --------  --------------------------
      2026-09-30T14:57:47.355Z  GET     500     45.0  checkout  /suggest  req_oLKeYq7XuGvtttFgVBb-HN
      2026-09-30T14:30:02.676Z  GET     503     14.9  checkout  /suggest  req_B3Cm8AvNFKG8f-C76N-RC3
      Showing 2 of 2."
    `);
  });
});
