import { describe, expect, it } from 'vitest';
import { toolText, useTrafficTools } from '../../helpers/mcp-tool-harness.ts';

describe('list_redactions', () => {
  const tools = useTrafficTools({ traffic: false });

  it('lists each redaction rule with its target, mask, state and hits', async () => {
    expect(toolText(await tools.call('list_redactions'))).toMatchInlineSnapshot(`
      "name                  target  selector       mask         enabled  hits  buckets
      --------------------  ------  -------------  -----------  -------  ----  -------
      Authorization header  header  authorization  placeholder  yes      0     all"
    `);
  });
});
