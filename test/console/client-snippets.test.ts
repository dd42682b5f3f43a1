import { describe, expect, it } from 'vitest';
import { clientSnippets } from '../../src/console/client-snippets.ts';

const TOKEN = 'tgp_0123456789abcdefghijABCDEFGHIJ01';
const snippets = clientSnippets('https://traffic.example.com/', TOKEN);
const snippet = (client: string) => snippets.find((s) => s.client.startsWith(client))!;
const parsed = (client: string) =>
  JSON.parse(snippet(client).text) as Record<string, Record<string, Record<string, unknown>>>;

describe('client snippets: each MCP client in its own keys', () => {
  it('Claude Desktop launches mcp-remote with the header taken from env, never a remote entry', () => {
    const entry = parsed('Claude Desktop').mcpServers!.trafficgraph!;
    expect(entry).toEqual({
      command: 'npx',
      args: ['-y', 'mcp-remote', 'https://traffic.example.com/mcp', '--header', 'Authorization:${AUTH_HEADER}'],
      env: { AUTH_HEADER: `Bearer ${TOKEN}` },
    });
  });

  it('chat apps get the URL and OAuth, not the token', () => {
    for (const client of ['Claude (claude.ai', 'ChatGPT']) {
      expect(snippet(client).auth).toBe('oauth');
      expect(snippet(client).text).toContain('https://traffic.example.com/mcp');
      expect(snippet(client).text).not.toContain(TOKEN);
    }
  });

  it('Cursor, Windsurf, Gemini CLI and Zed use their own URL keys with the header', () => {
    expect(parsed('Cursor').mcpServers!.trafficgraph).toEqual({
      url: 'https://traffic.example.com/mcp',
      headers: { Authorization: `Bearer ${TOKEN}` },
    });
    expect(parsed('Windsurf').mcpServers!.trafficgraph!.serverUrl).toBe('https://traffic.example.com/mcp');
    expect(parsed('Gemini CLI').mcpServers!.trafficgraph!.httpUrl).toBe('https://traffic.example.com/mcp');
    expect(parsed('Zed').context_servers!.trafficgraph!.url).toBe('https://traffic.example.com/mcp');
  });

  it('VS Code asks for the secret instead of holding it in a committed file', () => {
    const text = snippet('VS Code').text;
    expect(text).not.toContain(TOKEN);
    expect(parsed('VS Code').servers!.trafficgraph).toEqual({
      type: 'http',
      url: 'https://traffic.example.com/mcp',
      headers: { Authorization: 'Bearer ${input:trafficgraph-token}' },
    });
  });

  it('Claude Code is one command; Codex reads the token from an environment variable', () => {
    expect(snippet('Claude Code').text).toBe(
      `claude mcp add --transport http trafficgraph https://traffic.example.com/mcp --header "Authorization: Bearer ${TOKEN}"`,
    );
    expect(snippet('Codex').text).toContain('bearer_token_env_var = "TRAFFICGRAPH_TOKEN"');
    expect(snippet('Codex').text).toContain('url = "https://traffic.example.com/mcp"');
  });
});
