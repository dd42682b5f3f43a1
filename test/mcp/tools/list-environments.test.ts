import { describe, expect, it } from 'vitest';
import { toolText, useTrafficTools } from '../../helpers/mcp-tool-harness.ts';

describe('list_environments', () => {
  const tools = useTrafficTools({ traffic: false });

  it("lists only the token's own environment", async () => {
    expect(toolText(await tools.call('list_environments'))).toMatchInlineSnapshot(`
      "name        description  id
      ----------  -----------  -------------------------
      production  -            <id>"
    `);
  });
});
