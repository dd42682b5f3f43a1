import { describe, expect, it } from 'vitest';
import { toolText, useTrafficTools } from '../../helpers/mcp-tool-harness.ts';

describe('create_event', () => {
  const tools = useTrafficTools({ traffic: false });

  it('creates a deployment marker and says what it created', async () => {
    const created = await tools.call('create_event', {
      type: 'deployment',
      title: 'Deploy v2.3.1',
      version: '2.3.1',
      source: 'github-actions',
      started_at: '2026-09-30T15:00:00Z',
    });
    expect(toolText(created)).toMatchInlineSnapshot(
      `"Created deployment event "Deploy v2.3.1" (<id>) at 2026-09-30T15:00:00.000Z."`,
    );
  });

  it('names the arguments a refused time range was given as', async () => {
    const refused = await tools.call('create_event', {
      type: 'deployment',
      title: 'Deploy v2.3.2',
      started_at: '2026-09-30T15:00:00Z',
      ended_at: '2026-09-30T14:00:00Z',
    });
    expect(refused.isError).toBe(true);
    expect(toolText(refused)).toBe('ended_at must not be before started_at. Check the arguments and call again.');
  });
});
