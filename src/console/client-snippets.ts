/**
 * The one place that says how each MCP client connects to trafficgraph, used by the console's Tokens page
 * (in the browser bundle), the start banner and `token create` (in node). No imports: it must run in both.
 *
 * Chat apps (Claude connectors, ChatGPT apps) connect from their own clouds and accept only OAuth: they get
 * the URL. Header-capable clients get the static token, each in its own keys; files that are often
 * committed (VS Code's .vscode/mcp.json) ask for the secret instead of holding it.
 */
export interface ClientSnippet {
  client: string;
  /** Where the text goes: a config file, a command line, or the app's settings screen. */
  file: string;
  /** 'oauth': the client signs in through the consent page; 'token': it sends the static token. */
  auth: 'oauth' | 'token';
  text: string;
}

const json = (value: unknown) => JSON.stringify(value, null, 2);

export function clientSnippets(baseUrl: string, token: string): ClientSnippet[] {
  const url = `${baseUrl.replace(/\/$/, '')}/mcp`;
  const authorization = `Bearer ${token}`;
  return [
    {
      client: 'Claude (claude.ai, Desktop, mobile): connector',
      file: 'Settings → Connectors → Add custom connector',
      auth: 'oauth',
      text: `${url}\n(needs a public HTTPS URL: set PUBLIC_URL; Claude signs in through trafficgraph's consent page)`,
    },
    {
      client: 'Claude Desktop: config file',
      file: 'claude_desktop_config.json',
      auth: 'token',
      // The desktop config file starts local processes only; mcp-remote bridges to HTTP. The header comes
      // from env so the space in "Bearer <token>" survives Windows argument quoting.
      text: json({
        mcpServers: {
          trafficgraph: {
            command: 'npx',
            args: ['-y', 'mcp-remote', url, '--header', 'Authorization:${AUTH_HEADER}'],
            env: { AUTH_HEADER: authorization },
          },
        },
      }),
    },
    {
      client: 'Cursor',
      file: '~/.cursor/mcp.json (or .cursor/mcp.json in a project)',
      auth: 'token',
      text: json({ mcpServers: { trafficgraph: { url, headers: { Authorization: authorization } } } }),
    },
    {
      client: 'Windsurf',
      file: '~/.codeium/windsurf/mcp_config.json',
      auth: 'token',
      text: json({ mcpServers: { trafficgraph: { serverUrl: url, headers: { Authorization: authorization } } } }),
    },
    {
      client: 'VS Code',
      file: '.vscode/mcp.json (VS Code asks for the token once and stores it securely)',
      auth: 'token',
      text: json({
        inputs: [
          { type: 'promptString', id: 'trafficgraph-token', description: 'trafficgraph MCP token', password: true },
        ],
        servers: {
          trafficgraph: { type: 'http', url, headers: { Authorization: 'Bearer ${input:trafficgraph-token}' } },
        },
      }),
    },
    {
      client: 'Claude Code',
      file: 'a terminal',
      auth: 'token',
      text: `claude mcp add --transport http trafficgraph ${url} --header "Authorization: ${authorization}"`,
    },
    {
      client: 'Gemini CLI',
      file: '~/.gemini/settings.json',
      auth: 'token',
      text: json({ mcpServers: { trafficgraph: { httpUrl: url, headers: { Authorization: authorization } } } }),
    },
    {
      client: 'Codex',
      file: '~/.codex/config.toml (and export TRAFFICGRAPH_TOKEN=<token> in your shell)',
      auth: 'token',
      text: `[mcp_servers.trafficgraph]\nurl = "${url}"\nbearer_token_env_var = "TRAFFICGRAPH_TOKEN"\n\n# in your shell profile:\n# export TRAFFICGRAPH_TOKEN=${token}`,
    },
    {
      client: 'Zed',
      file: '~/.config/zed/settings.json',
      auth: 'token',
      text: json({ context_servers: { trafficgraph: { url, headers: { Authorization: authorization } } } }),
    },
    {
      client: 'ChatGPT: app',
      file: 'Settings → Apps & Connectors → Create (developer mode)',
      auth: 'oauth',
      text: `${url}\n(needs a public HTTPS URL: set PUBLIC_URL; authentication: OAuth)`,
    },
  ];
}

/** Snippets as plain text for a terminal: each client, where it goes, then the text indented. */
export function snippetsText(snippets: readonly ClientSnippet[]): string {
  return snippets
    .map(
      (snippet) =>
        `${snippet.client} (${snippet.file}):\n${snippet.text
          .split('\n')
          .map((line) => `  ${line}`)
          .join('\n')}`,
    )
    .join('\n\n');
}

/** Every MCP client's snippet as plain text for a terminal. */
export function clientSnippetsText(baseUrl: string, token: string): string {
  return snippetsText(clientSnippets(baseUrl, token));
}
