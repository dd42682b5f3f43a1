import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { scanMachine } from '../../../src/domain/inventory/scanner/scan-machine.ts';
import { splitCommandLine } from '../../../src/domain/inventory/scanner/split-command.ts';
import type { ScannedSnapshot } from '../../../src/domain/inventory/scanned-snapshot.ts';

async function put(root: string, parts: string[], content: string) {
  const file = path.join(root, ...parts);
  await mkdir(path.dirname(file), { recursive: true });
  await writeFile(file, content);
}

const stdio = (command: string, extra: Record<string, unknown> = {}) => ({ command, args: ['-y', 'pkg'], ...extra });

describe('scanning a machine', () => {
  let home: string;
  let project: string;
  let snapshot: ScannedSnapshot;
  const servers = (client: string, fileName?: string) =>
    snapshot.files
      .filter((f) => f.client === client && (!fileName || f.fileName === fileName) && f.status === 'ok')
      .flatMap((f) => f.servers);

  beforeAll(async () => {
    home = await mkdtemp(path.join(tmpdir(), 'tg-home-'));
    project = await mkdtemp(path.join(tmpdir(), 'tg-project-'));
    await put(
      home,
      ['Library', 'Application Support', 'Claude', 'claude_desktop_config.json'],
      JSON.stringify({ mcpServers: { 'mac-fs': stdio('npx'), broken: 'nope' } }),
    );
    await put(
      home,
      ['AppData', 'Roaming', 'Claude', 'claude_desktop_config.json'],
      JSON.stringify({ mcpServers: { 'win-fs': stdio('npx.cmd') } }),
    );
    await put(
      home,
      ['.config', 'Claude', 'claude_desktop_config.json'],
      JSON.stringify({
        mcpServers: { 'linux-fs': { command: 'npx -y @modelcontextprotocol/server-filesystem "/home/me/My Files"' } },
      }),
    );
    await put(
      home,
      ['.claude.json'],
      JSON.stringify({
        mcpServers: { 'cc-global': stdio('uvx') },
        projects: {
          '/work/app': { mcpServers: { 'cc-project': { type: 'http', url: 'https://mcp.example.com/mcp' } } },
        },
      }),
    );
    await put(project, ['.mcp.json'], JSON.stringify({ mcpServers: { 'dot-mcp': stdio('node') } }));
    await put(
      home,
      ['.cursor', 'mcp.json'],
      '{\n  // Cursor allows comments\n  "mcpServers": {\n    "cursor-remote": { "url": "https://api.example.com/sse", "headers": { "Authorization": "Bearer ${input:token}" } },\n  },\n}\n',
    );
    await put(
      project,
      ['.cursor', 'mcp.json'],
      JSON.stringify({ mcpServers: { 'cursor-project': stdio('docker', { args: ['run', '-i', 'mcp/fetch'] }) } }),
    );
    await put(
      home,
      ['.codeium', 'windsurf', 'mcp_config.json'],
      JSON.stringify({
        mcpServers: {
          'windsurf-remote': {
            serverUrl: 'https://api.apitraffic.io/mcp',
            headers: { Authorization: 'Bearer YOUR_MCP_TOKEN' },
          },
        },
      }),
    );
    await put(
      home,
      ['Library', 'Application Support', 'Code', 'User', 'mcp.json'],
      JSON.stringify({ servers: { 'vscode-user': { type: 'stdio', command: 'python3', args: ['-m', 'server'] } } }),
    );
    await put(
      home,
      ['.config', 'Code', 'User', 'settings.json'],
      '{ "editor.fontSize": 14, "mcp": { "servers": { "vscode-settings": { "command": "npx", "args": ["x"] } } } }',
    );
    await put(
      project,
      ['.vscode', 'mcp.json'],
      '{ "servers": { "vscode-project": { "type": "sse", "url": "http://localhost:3001/sse" } }, "inputs": [] }',
    );
    await put(
      home,
      ['.gemini', 'settings.json'],
      JSON.stringify({ mcpServers: { 'gemini-http': { httpUrl: 'https://mcp.example.com/stream' } } }),
    );
    await put(
      home,
      ['.copilot', 'mcp-config.json'],
      JSON.stringify({
        mcpServers: {
          'copilot-local': { type: 'local', command: 'npx', args: ['-y', 'srv'], env: { TOKEN: '${env:GH_TOKEN}' } },
        },
      }),
    );
    await put(project, ['.vscode', 'settings.json'], '{ "mcp": { "servers": { "oops": [1, 2] }');
    await put(project, ['.gemini', 'settings.json'], JSON.stringify({ theme: 'dark' }));
    await put(home, ['Library', 'Logs', 'Claude', 'mcp-server-mac-fs.log'], 'log line\n');
    await put(home, ['Library', 'Logs', 'Claude', 'mcp-server-mac-fs-error.log'], 'error line\n');
    await put(home, ['Library', 'Logs', 'Claude', 'mcp.log'], 'general\n');
    snapshot = await scanMachine({
      home,
      projects: [project],
      label: 'fixture',
      now: new Date('2026-11-01T00:00:00Z'),
    });
  });
  afterAll(async () => {
    await rm(home, { recursive: true, force: true });
    await rm(project, { recursive: true, force: true });
  });

  it('finds Claude Desktop configs in macOS, Windows and Linux locations', () => {
    expect(
      servers('claude_desktop')
        .map((s) => s.name)
        .sort(),
    ).toEqual(['linux-fs', 'mac-fs', 'win-fs']);
  });

  it('keeps a file whose one entry is bad, noting the bad entry', () => {
    const mac = snapshot.files.find((f) => f.filePath.includes(path.join('Library', 'Application Support', 'Claude')))!;
    expect(mac.status).toBe('ok');
    expect(mac.error).toContain('"broken"');
    expect(mac.servers.map((s) => s.name)).toEqual(['mac-fs']);
  });

  it('splits a command line given as one string, respecting quotes', () => {
    const linux = servers('claude_desktop').find((s) => s.name === 'linux-fs')!;
    expect(linux.command).toBe('npx');
    expect(linux.args).toEqual(['-y', '@modelcontextprotocol/server-filesystem', '/home/me/My Files']);
    expect(splitCommandLine(`a 'b c' "d \\"e\\"" f\\ g`)).toEqual(['a', 'b c', 'd "e"', 'f g']);
  });

  it('reads Claude Code global, per-project and .mcp.json servers', () => {
    expect(
      servers('claude_code')
        .map((s) => s.name)
        .sort(),
    ).toEqual(['cc-global', 'cc-project', 'dot-mcp']);
    expect(servers('claude_code').find((s) => s.name === 'cc-project')).toMatchObject({
      transport: 'http',
      url: 'https://mcp.example.com/mcp',
      command: null,
    });
  });

  it('parses JSON with comments and trailing commas, and remote servers with headers', () => {
    const remote = servers('cursor').find((s) => s.name === 'cursor-remote')!;
    expect(remote).toMatchObject({
      transport: 'sse',
      url: 'https://api.example.com/sse',
      headers: { Authorization: 'Bearer ${input:token}' },
    });
    expect(
      servers('cursor')
        .map((s) => s.name)
        .sort(),
    ).toEqual(['cursor-project', 'cursor-remote']);
  });

  it('reads Windsurf serverUrl, Gemini httpUrl and Copilot CLI configs', () => {
    expect(servers('windsurf')[0]).toMatchObject({
      name: 'windsurf-remote',
      transport: 'http',
      url: 'https://api.apitraffic.io/mcp',
    });
    expect(servers('gemini_cli')[0]).toMatchObject({
      name: 'gemini-http',
      transport: 'http',
      url: 'https://mcp.example.com/stream',
    });
    expect(servers('copilot_cli')[0]).toMatchObject({
      name: 'copilot-local',
      transport: 'stdio',
      env: { TOKEN: '${env:GH_TOKEN}' },
    });
  });

  it('reads VS Code mcp.json servers and settings.json mcp.servers, user and project', () => {
    expect(
      servers('vscode')
        .map((s) => s.name)
        .sort(),
    ).toEqual(['vscode-project', 'vscode-settings', 'vscode-user']);
    expect(servers('vscode').find((s) => s.name === 'vscode-project')!.transport).toBe('sse');
  });

  it('records broken files, unknown shapes and missing files without stopping', () => {
    const broken = snapshot.files.find(
      (f) => f.client === 'vscode' && f.scope === 'project' && f.fileName === 'settings.json',
    )!;
    expect(broken.status).toBe('parse_error');
    expect(broken.error).toBeTruthy();
    const unknown = snapshot.files.find((f) => f.client === 'gemini_cli' && f.scope === 'project')!;
    expect(unknown).toMatchObject({ status: 'unknown_shape' });
    expect(snapshot.files.filter((f) => f.status === 'not_found').length).toBeGreaterThan(0);
  });

  it('finds Claude Desktop log files for a server (locations only)', () => {
    const mac = servers('claude_desktop').find((s) => s.name === 'mac-fs')!;
    expect(mac.logFiles.map((l) => path.basename(l.path)).sort()).toEqual([
      'mcp-server-mac-fs-error.log',
      'mcp-server-mac-fs.log',
    ]);
    expect(mac.logFiles[0]!.sizeBytes).toBeGreaterThan(0);
  });
});
