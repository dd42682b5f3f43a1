import type { Client } from '@modelcontextprotocol/sdk/client/index.js';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { connectLegacySse, connectStreamable, startTestApp } from '../helpers/app-server.ts';
import { createAccount, createToken, type TestAccount } from '../helpers/fixtures.ts';

const HOUR = 3_600_000;

describe('MCP prompts and argument completion, with the SDK client', () => {
  let app: Awaited<ReturnType<typeof startTestApp>>;
  let account: TestAccount;
  let client: Client;
  let deployedAt: string;

  const complete = async (prompt: string, name: string, value: string) =>
    (await client.complete({ ref: { type: 'ref/prompt', name: prompt }, argument: { name, value } })).completion;
  const promptText = async (name: string, args: Record<string, string>) => {
    const result = await client.getPrompt({ name, arguments: args });
    const content = result.messages[0]!.content;
    return content.type === 'text' ? content.text : '';
  };

  beforeAll(async () => {
    app = await startTestApp();
    account = await createAccount(app.db, 'prompts', ['production', 'staging'], ['checkout', 'catalog', 'billing']);
    const secret = (
      await createToken(app.db, account, {
        environment: 'production',
        scopes: ['traffic:read', 'events:read', 'events:write', 'config:read', 'inventory:read'],
      })
    ).secret;
    ({ client } = await connectStreamable(app.url, secret));
    deployedAt = new Date(Date.now() - 3 * HOUR).toISOString();
    const event = (type: string, title: string, extra: Record<string, string>) =>
      client.callTool({ name: 'create_event', arguments: { type, title, ...extra } });
    await event('deployment', 'Deploy checkout 2.3.1', {
      version: '2.3.1',
      bucket: 'checkout',
      started_at: deployedAt,
    });
    await event('deployment', 'Deploy catalog 2.4.0', {
      version: '2.4.0',
      bucket: 'catalog',
      started_at: new Date(Date.now() - 20 * 60_000).toISOString(),
    });
    await event('deployment', 'Deploy without a version', {
      started_at: new Date(Date.now() - 5 * HOUR).toISOString(),
    });
    await event('incident', 'Checkout outage', { version: '2.9.9' });
    await event('deployment', 'Deploy from long ago', {
      version: '1.0.0',
      started_at: new Date(Date.now() - 40 * 24 * HOUR).toISOString(),
    });
  });
  afterAll(async () => {
    await client?.close();
    await app.dispose();
  });

  it('declares prompts and completions, and not logging, at initialize', () => {
    expect(client.getServerCapabilities()).toMatchObject({ prompts: { listChanged: false }, completions: {} });
    expect(client.getServerCapabilities()?.logging).toBeUndefined();
  });

  it('lists the four workflows with their arguments for a token that can follow them all', async () => {
    const { prompts } = await client.listPrompts();
    expect(prompts.map((p) => p.name)).toEqual([
      'investigate_errors',
      'check_deployment',
      'review_data_protection',
      'audit_mcp_inventory',
    ]);
    expect(prompts[1]!.arguments).toEqual([
      { name: 'deployment', description: expect.stringContaining('version'), required: true },
      { name: 'window', description: expect.any(String), required: false },
      { name: 'bucket', description: expect.any(String), required: false },
    ]);
  });

  it('lists only the prompts whose tools a traffic:read token can call', async () => {
    const secret = (await createToken(app.db, account, { environment: 'production', scopes: ['traffic:read'] })).secret;
    const { client: narrow } = await connectStreamable(app.url, secret);
    expect((await narrow.listPrompts()).prompts.map((p) => p.name)).toEqual(['investigate_errors']);
    await expect(narrow.getPrompt({ name: 'audit_mcp_inventory' })).rejects.toThrow(
      /-32602.*Unknown prompt: audit_mcp_inventory/,
    );
    await narrow.close();
  });

  it('completes bucket names from the buckets the token can see, by prefix', async () => {
    expect((await complete('investigate_errors', 'bucket', '')).values.sort()).toEqual([
      'billing',
      'catalog',
      'checkout',
    ]);
    expect((await complete('investigate_errors', 'bucket', 'C')).values.sort()).toEqual(['catalog', 'checkout']);
    expect((await complete('investigate_errors', 'bucket', 'x')).values).toEqual([]);
  });

  it('completes deployments from recent deployment events, newest first, by version or else id', async () => {
    const { values, total } = await complete('check_deployment', 'deployment', '');
    expect(values.slice(0, 2)).toEqual(['2.4.0', '2.3.1']);
    expect(values[2]).toMatch(/^c[a-z0-9]{24}$/);
    expect(total).toBe(3);
    expect((await complete('check_deployment', 'deployment', '2.3')).values).toEqual(['2.3.1']);
  });

  it('turns a deployment version into before and after ranges around its start', async () => {
    const text = await promptText('check_deployment', { deployment: '2.3.1', window: '2h' });
    const before = new Date(Date.parse(deployedAt) - 2 * HOUR).toISOString();
    const after = new Date(Date.parse(deployedAt) + 2 * HOUR).toISOString();
    expect(text).toContain(
      `Check deployment "Deploy checkout 2.3.1" (version 2.3.1), started ${deployedAt} in bucket checkout.`,
    );
    expect(text).toContain(`Before: ${before} to ${deployedAt}. After: ${deployedAt} to ${after}.`);
    expect(text).toContain(`get_endpoints with from: "${deployedAt}", to: "${after}", bucket: "checkout"`);
  });

  it('cuts the after range at now for a deployment younger than the window', async () => {
    expect(await promptText('check_deployment', { deployment: '2.4.0' })).toMatch(
      /\(cut at now: only 2\d minutes have passed\)/,
    );
  });

  it('refuses a deployment that is not a recent deployment event, saying how to find one', async () => {
    await expect(client.getPrompt({ name: 'check_deployment', arguments: { deployment: '1.0.0' } })).rejects.toThrow(
      /-32602.*No deployment event "1\.0\.0" in the last 30d: name one by its version or id \(completion lists them\)/,
    );
    await expect(client.getPrompt({ name: 'check_deployment', arguments: { deployment: '2.9.9' } })).rejects.toThrow(
      /-32602.*No deployment event "2\.9\.9"/,
    );
  });

  it('refuses a malformed range argument and a missing required one with -32602', async () => {
    await expect(client.getPrompt({ name: 'investigate_errors', arguments: { since: 'yesterday' } })).rejects.toThrow(
      /-32602.*since.*a duration such as 30m, 6h or 7d/,
    );
    await expect(client.getPrompt({ name: 'check_deployment', arguments: {} })).rejects.toThrow(/-32602.*deployment/);
  });

  it('investigate_errors names the tools to call with the range and bucket given', async () => {
    const text = await promptText('investigate_errors', { since: '6h', bucket: 'checkout' });
    expect(text).toContain('Investigate the API errors of the last 6h in bucket checkout.');
    expect(text).toContain('Call get_errors with since: "6h", bucket: "checkout"');
  });

  it('review_data_protection and audit_mcp_inventory name only tools the server has', async () => {
    const tools = new Set((await client.listTools()).tools.map((t) => t.name));
    for (const name of ['review_data_protection', 'audit_mcp_inventory']) {
      const named = (await promptText(name, {})).match(/\b(?:get|list|search)_[a-z_]+/g)!;
      expect(named.length).toBeGreaterThan(1);
      expect(named.filter((tool) => !tools.has(tool))).toEqual([]);
    }
  });

  it('serves the same prompts over the legacy SSE transport', async () => {
    const secret = (await createToken(app.db, account, { environment: 'production' })).secret;
    const sse = await connectLegacySse(app.url, secret);
    expect((await sse.listPrompts()).prompts.map((p) => p.name)).toEqual([
      'investigate_errors',
      'check_deployment',
      'review_data_protection',
    ]);
    await sse.close();
  });
});
