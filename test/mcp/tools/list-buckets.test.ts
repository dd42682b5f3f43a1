import { describe, expect, it } from 'vitest';
import { toolText, useTrafficTools } from '../../helpers/mcp-tool-harness.ts';

describe('list_buckets', () => {
  const tools = useTrafficTools({ traffic: false });

  it("lists the account's buckets a token for every bucket sees", async () => {
    expect(toolText(await tools.call('list_buckets'))).toMatchInlineSnapshot(`
      "name      description  id
      --------  -----------  -------------------------
      catalog   -            <id>
      checkout  -            <id>"
    `);
  });
});
