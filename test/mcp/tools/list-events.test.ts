import { describe, expect, it } from 'vitest';
import { DEMO_WINDOW, toolText, useTrafficTools } from '../../helpers/mcp-tool-harness.ts';

describe('list_events', () => {
  const tools = useTrafficTools({ traffic: false });

  it('shows every field of an event in its text, the description and link below the table', async () => {
    await tools.call('create_event', {
      type: 'deployment',
      title: 'Deploy v2.3.1',
      version: '2.3.1',
      source: 'github-actions',
      description: 'Connection pool raised to 40',
      url: 'https://ci.example.com/runs/7',
      started_at: '2026-09-30T15:00:00Z',
      ended_at: '2026-09-30T15:04:00Z',
    });
    expect(toolText(await tools.call('list_events', DEMO_WINDOW))).toMatchInlineSnapshot(`
      "Range: 2026-09-30T12:00:00.000Z to 2026-09-30T18:00:00.000Z
      started                   ended                     type        title          version  source          bucket  id
      ------------------------  ------------------------  ----------  -------------  -------  --------------  ------  -------------------------
      2026-09-30T15:00:00.000Z  2026-09-30T15:04:00.000Z  deployment  Deploy v2.3.1  2.3.1    github-actions  -       <id>
      <id>: created by token:assistant; url https://ci.example.com/runs/7; description: Connection pool raised to 40"
    `);
  });
});
