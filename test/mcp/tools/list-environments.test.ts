import { describe, expect, it } from 'vitest';
import { toolText, useTrafficTools } from '../../helpers/mcp-tool-harness.ts';

describe('list_environments', () => {
  const tools = useTrafficTools({ traffic: false });

  it("lists only the token's own environment", async () => {
    expect(toolText(await tools.call('list_environments'))).toMatchInlineSnapshot(`
      "name        description  new buckets  id
      ----------  -----------  -----------  -------------------------
      production  -            rejected     <id>"
    `);
  });

  it('shows when an environment creates buckets on first sight', async () => {
    await tools.app.db.prisma.environment.update({
      where: { id: tools.account.environments.production! },
      data: { createsBucketsOnFirstSight: true },
    });
    const result = await tools.call('list_environments');
    expect(result.structuredContent).toMatchObject({
      environments: [{ name: 'production', createsBucketsOnFirstSight: true }],
    });
    expect(toolText(result)).toContain('created on first sight');
  });
});
