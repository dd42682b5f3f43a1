/** Where each MCP client keeps its config, and the entry that connects it to this server with a token. */
export interface ClientSnippet {
  client: string;
  file: string;
  text: string;
}

export function clientSnippets(baseUrl: string, token: string): ClientSnippet[] {
  const url = `${baseUrl}/mcp`;
  const authorization = `Bearer ${token}`;
  const json = (value: unknown) => JSON.stringify(value, null, 2);
  return [
    {
      client: 'Claude Desktop',
      file: 'claude_desktop_config.json',
      // Claude Desktop starts local processes; mcp-remote bridges it to a remote HTTP server with a header.
      text: json({ mcpServers: { trafficgraph: { command: 'npx', args: ['-y', 'mcp-remote', url, '--header', `Authorization: ${authorization}`] } } }),
    },
    { client: 'Cursor', file: '~/.cursor/mcp.json', text: json({ mcpServers: { trafficgraph: { url, headers: { Authorization: authorization } } } }) },
    { client: 'Windsurf', file: '~/.codeium/windsurf/mcp_config.json', text: json({ mcpServers: { trafficgraph: { serverUrl: url, headers: { Authorization: authorization } } } }) },
    { client: 'VS Code', file: '.vscode/mcp.json', text: json({ servers: { trafficgraph: { type: 'http', url, headers: { Authorization: authorization } } } }) },
  ];
}
