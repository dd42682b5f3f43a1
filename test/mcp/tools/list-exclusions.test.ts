import { describe, expect, it } from 'vitest';
import { toolText, useTrafficTools } from '../../helpers/mcp-tool-harness.ts';

describe('list_exclusions', () => {
  const tools = useTrafficTools({ traffic: false });

  it('says in words which requests each exclusion rule keeps out', async () => {
    expect(toolText(await tools.call('list_exclusions'))).toMatchInlineSnapshot(`
      "name           excludes                           enabled  hits  buckets
      -------------  ---------------------------------  -------  ----  -------
      Health checks  method GET and path glob /healthz  yes      0     all"
    `);
  });
});
