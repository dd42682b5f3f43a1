import { describe, expect, it } from 'vitest';
import { parseConfigFile } from '../../../../src/domain/inventory/scanner/parse-config.ts';
import { parseServerEntry } from '../../../../src/domain/inventory/scanner/server-entry.ts';
import { splitCommand } from '../../../../src/domain/inventory/scanner/split-command.ts';

const server = (name: string, entry: unknown) => {
  const parsed = parseServerEntry(name, entry);
  if (typeof parsed === 'string') throw new Error(parsed);
  return parsed;
};

describe('reading one server entry', () => {
  it('keeps a server whose args are null, with no args', () => {
    expect(server('fetch', { command: 'uvx', args: null })).toMatchObject({ command: 'uvx', args: [] });
  });

  it('records disabled: true and enabled: false as disabled', () => {
    expect(server('a', { command: 'npx', disabled: true }).disabled).toBe(true);
    expect(server('b', { command: 'npx', enabled: false }).disabled).toBe(true);
    expect(server('c', { command: 'npx' }).disabled).toBe(false);
  });

  it('keeps a Windows executable path with spaces whole, its backslashes included', () => {
    expect(server('node', { command: 'C:\\Program Files\\nodejs\\node.exe' })).toMatchObject({
      command: 'C:\\Program Files\\nodejs\\node.exe',
      args: [],
    });
    expect(splitCommand('C:\\Program Files\\nodejs\\node.exe C:\\Users\\sam\\srv\\index.js --port 3')).toEqual({
      command: 'C:\\Program Files\\nodejs\\node.exe',
      args: ['C:\\Users\\sam\\srv\\index.js', '--port', '3'],
    });
    expect(splitCommand('"C:\\Program Files\\Tool\\run.exe" "D:\\My Data"')).toEqual({
      command: 'C:\\Program Files\\Tool\\run.exe',
      args: ['D:\\My Data'],
    });
  });

  it('still splits a POSIX command line given as one string', () => {
    expect(
      server('fs', { command: 'npx -y @modelcontextprotocol/server-filesystem "/home/me/My Files"' }),
    ).toMatchObject({
      command: 'npx',
      args: ['-y', '@modelcontextprotocol/server-filesystem', '/home/me/My Files'],
    });
  });

  it('tells SSE, WebSocket and Streamable HTTP servers apart', () => {
    expect(server('a', { url: 'https://x.example/sse' }).transport).toBe('sse');
    expect(server('b', { url: 'https://x.example/mcp/sse?key=1' }).transport).toBe('sse');
    expect(server('c', { url: 'wss://x.example/mcp' }).transport).toBe('websocket');
    expect(server('d', { type: 'ws', url: 'https://x.example/mcp' }).transport).toBe('websocket');
    expect(server('e', { type: 'streamable-http', url: 'https://x.example/mcp' }).transport).toBe('http');
    expect(server('f', { url: 'https://x.example/mcp' }).transport).toBe('http');
  });

  it('reads a Gemini CLI url as SSE and its httpUrl as Streamable HTTP', () => {
    const file = parseConfigFile(
      JSON.stringify({
        mcpServers: { old: { url: 'https://g.example/events' }, new: { httpUrl: 'https://g.example/mcp' } },
      }),
      'gemini',
    );
    expect(file.servers.map((s) => [s.name, s.transport])).toEqual([
      ['old', 'sse'],
      ['new', 'http'],
    ]);
  });
});

describe('reading a config document', () => {
  it('removes trailing commas and comments but never touches a comma inside a string', () => {
    const text =
      '{\n  // a comment\n  "mcpServers": {\n    "re": { "command": "grep", "args": ["[0-9,]+", "a,}", "x,]"], },\n  },\n}\n';
    expect(parseConfigFile(text, 'mcpServers').servers[0]!.args).toEqual(['[0-9,]+', 'a,}', 'x,]']);
  });

  it('reports a broken document as a parse error with the reason, not an exception', () => {
    expect(parseConfigFile('{ "mcpServers": { "x": ', 'mcpServers')).toMatchObject({
      status: 'parse_error',
      error: expect.stringMatching(/JSON5|end/i),
    });
  });

  it('reads Codex TOML, opencode, Zed, Goose YAML and Continue configs', () => {
    const codex = parseConfigFile(
      '[mcp_servers.docs]\ncommand = "npx"\nargs = ["-y", "docs-mcp"]\nenv = { DOCS_KEY = "k" }\n\n[mcp_servers.remote]\nurl = "https://r.example/mcp"\nbearer_token_env_var = "R_TOKEN"\nenabled = false\n',
      'codex',
      'toml',
    );
    expect(codex.servers).toMatchObject([
      { name: 'docs', command: 'npx', args: ['-y', 'docs-mcp'], env: { DOCS_KEY: 'k' } },
      { name: 'remote', transport: 'http', headers: { Authorization: 'Bearer ${env:R_TOKEN}' }, disabled: true },
    ]);
    const opencode = parseConfigFile(
      JSON.stringify({
        mcp: {
          local: { type: 'local', command: ['bun', 'x', 'srv'], environment: { A: '1' } },
          far: { type: 'remote', url: 'https://o.example/mcp', enabled: false },
        },
      }),
      'opencode',
    );
    expect(opencode.servers).toMatchObject([
      { name: 'local', transport: 'stdio', command: 'bun', args: ['x', 'srv'], env: { A: '1' } },
      { name: 'far', transport: 'http', disabled: true },
    ]);
    const zed = parseConfigFile(
      JSON.stringify({
        context_servers: {
          a: { command: { path: '/usr/bin/srv', args: ['--x'], env: { B: '2' } } },
          b: { command: 'npx', args: ['y'] },
        },
      }),
      'zed',
    );
    expect(zed.servers).toMatchObject([
      { name: 'a', command: '/usr/bin/srv', args: ['--x'], env: { B: '2' } },
      { name: 'b', command: 'npx', args: ['y'] },
    ]);
    const goose = parseConfigFile(
      'extensions:\n  developer:\n    type: builtin\n    enabled: true\n  fetch:\n    type: stdio\n    cmd: uvx\n    args: [mcp-server-fetch]\n    envs: { A: b }\n    enabled: false\n  far:\n    type: sse\n    uri: https://s.example/sse\n',
      'goose',
      'yaml',
    );
    expect(goose.servers).toMatchObject([
      { name: 'fetch', command: 'uvx', args: ['mcp-server-fetch'], env: { A: 'b' }, disabled: true },
      { name: 'far', transport: 'sse', url: 'https://s.example/sse' },
    ]);
    const continueYaml = parseConfigFile(
      'mcpServers:\n  - name: sqlite\n    command: uvx\n    args: [mcp-server-sqlite]\n',
      'continue-yaml',
      'yaml',
    );
    expect(continueYaml.servers).toMatchObject([{ name: 'sqlite', command: 'uvx' }]);
  });
});
