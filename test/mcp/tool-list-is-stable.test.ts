import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Scope } from '../../src/auth/scopes.ts';
import { MCP_TOKEN_SCOPES } from '../../src/auth/scopes.ts';
import { startTestApp } from '../helpers/app-server.ts';
import { createAccount, createToken } from '../helpers/fixtures.ts';
import { openRawMcpSession, postMcp } from '../helpers/raw-mcp.ts';

/** The scope sets whose tools/list size is worth knowing: the smallest useful token up to one that sees every tool. */
const SCOPE_SETS: Record<string, Scope[]> = {
  'minimal (traffic:read)': ['traffic:read'],
  'default MCP token': MCP_TOKEN_SCOPES,
  'all read scopes': ['traffic:read', 'events:read', 'config:read', 'inventory:read'],
  admin: ['admin'],
};

describe('tools/list for one token', () => {
  let app: Awaited<ReturnType<typeof startTestApp>>;
  const secrets: Record<string, string> = {};

  beforeAll(async () => {
    app = await startTestApp();
    const account = await createAccount(app.db, 'tool-list');
    for (const [name, scopes] of Object.entries(SCOPE_SETS)) {
      secrets[name] = (await createToken(app.db, account, { environment: 'production', scopes })).secret;
    }
  });
  afterAll(() => app.dispose());

  const listBody = async (secret: string, sessionId: string) => {
    const response = await postMcp(app.url, secret, { jsonrpc: '2.0', id: 7, method: 'tools/list' }, sessionId);
    expect(response.status).toBe(200);
    return response.text();
  };

  it('is the same bytes on every call, a second apart, in every scope set; its size is printed', async () => {
    const sizes: string[] = [];
    for (const [name, secret] of Object.entries(SCOPE_SETS).map(([n]) => [n, secrets[n]!] as const)) {
      const sessionId = await openRawMcpSession(app.url, secret);
      const first = await listBody(secret, sessionId);
      await new Promise((resolve) => setTimeout(resolve, 1_100)); // a clock in the list would have moved by now
      const second = await listBody(secret, sessionId);
      expect(second).toBe(first);
      const { result } = JSON.parse(first) as { result: { tools: { outputSchema?: unknown }[] } };
      const outputSchemas = result.tools.reduce((sum, tool) => sum + JSON.stringify(tool.outputSchema ?? {}).length, 0);
      sizes.push(
        `${name}: ${result.tools.length} tools, ${JSON.stringify(result).length} characters (output schemas ${outputSchemas})`,
      );
    }
    console.log(`tools/list size per scope set:\n  ${sizes.join('\n  ')}`);
  });
});
