import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ScannedSnapshot } from '../../../../src/domain/inventory/scanned-snapshot.ts';
import { scanMachine } from '../../../../src/domain/inventory/scanner/scan-machine.ts';

type Layout = 'macos' | 'linux' | 'windows';
const APP_DATA: Record<Layout, string[]> = {
  macos: ['Library', 'Application Support'],
  linux: ['.config'],
  windows: ['AppData', 'Roaming'],
};

const json = (value: unknown) => JSON.stringify(value, null, 2);
const stdio = (name: string) => json({ mcpServers: { [name]: { command: 'npx', args: ['-y', `${name}-pkg`] } } });

/** Every client's global config, where that client keeps it in the given OS layout, each holding one server named after it. */
function globalFixtures(layout: Layout): [path: string[], content: string][] {
  const appData = APP_DATA[layout];
  const zed =
    layout === 'windows' ? ['AppData', 'Roaming', 'Zed', 'settings.json'] : ['.config', 'zed', 'settings.json'];
  const goose =
    layout === 'windows'
      ? ['AppData', 'Roaming', 'Block', 'goose', 'config', 'config.yaml']
      : ['.config', 'goose', 'config.yaml'];
  return [
    [[...appData, 'Claude', 'claude_desktop_config.json'], stdio('claude-desktop')],
    [
      [...appData, 'Claude', 'Claude Extensions', 'ant.dir.filesystem', 'manifest.json'],
      json({
        name: 'claude-extension',
        server: { type: 'node', mcp_config: { command: 'node', args: ['server/index.js'] } },
      }),
    ],
    [
      ['.claude.json'],
      json({
        mcpServers: { 'claude-code': { command: 'uvx', args: ['x'] } },
        history: [{ display: 'private prompt' }],
      }),
    ],
    [
      ['.claude', 'plugins', 'cache', 'market', 'linter', '1.0.0', '.mcp.json'],
      json({ 'claude-plugin': { command: 'node', args: ['lint.js'] } }),
    ],
    [
      ['.claude', 'plugins', 'cache', 'market', 'db', '2.0.0', '.claude-plugin', 'plugin.json'],
      json({ name: 'db', mcpServers: { 'claude-plugin-manifest': { command: 'db-mcp' } } }),
    ],
    [['.cursor', 'mcp.json'], stdio('cursor')],
    [[...appData, 'Cursor', 'User', 'mcp.json'], stdio('cursor-user')],
    [
      ['.codeium', 'windsurf', 'mcp_config.json'],
      json({ mcpServers: { windsurf: { serverUrl: 'https://w.example/mcp' } } }),
    ],
    [
      [...appData, 'Code', 'User', 'mcp.json'],
      json({ servers: { vscode: { type: 'stdio', command: 'python3', args: ['-m', 'srv'] } } }),
    ],
    [
      [...appData, 'Code', 'User', 'profiles', '5f3a', 'mcp.json'],
      json({ servers: { 'vscode-profile': { type: 'http', url: 'https://p.example/mcp' } } }),
    ],
    [
      [...appData, 'Code - Insiders', 'User', 'settings.json'],
      json({ 'editor.fontSize': 12, mcp: { servers: { 'vscode-insiders': { command: 'npx', args: ['i'] } } } }),
    ],
    [['.vscode', 'mcp.json'], json({ servers: { 'vscode-home': { command: 'npx', args: ['h'] } } })],
    [['.mcp.json'], json({ servers: { 'visual-studio': { command: 'dotnet', args: ['run'] } } })],
    [
      [...appData, 'Code', 'User', 'globalStorage', 'saoudrizwan.claude-dev', 'settings', 'cline_mcp_settings.json'],
      json({ mcpServers: { cline: { command: 'npx', args: ['c'], disabled: true } } }),
    ],
    [
      [...appData, 'Cursor', 'User', 'globalStorage', 'rooveterinaryinc.roo-cline', 'settings', 'mcp_settings.json'],
      stdio('roo'),
    ],
    [['.gemini', 'settings.json'], json({ mcpServers: { gemini: { url: 'https://g.example/sse-events' } } })],
    [
      ['.gemini', 'antigravity', 'mcp_config.json'],
      json({ mcpServers: { antigravity: { serverUrl: 'https://a.example/mcp' } } }),
    ],
    [['.copilot', 'mcp-config.json'], stdio('copilot')],
    [['.kiro', 'settings', 'mcp.json'], stdio('kiro')],
    [['.aws', 'amazonq', 'mcp.json'], stdio('amazon-q')],
    [['.aws', 'amazonq', 'agents', 'default.json'], stdio('amazon-q-agent')],
    [
      ['.config', 'opencode', 'opencode.json'],
      json({
        $schema: 'https://opencode.ai/config.json',
        mcp: { opencode: { type: 'local', command: ['npx', '-y', 'oc'] } },
      }),
    ],
    [
      zed,
      '{\n  // Zed settings\n  "theme": "One Dark",\n  "context_servers": { "zed": { "command": { "path": "zed-srv", "args": [] } } },\n}\n',
    ],
    [['.lmstudio', 'mcp.json'], stdio('lm-studio')],
    [goose, 'extensions:\n  goose:\n    type: stdio\n    cmd: uvx\n    args: [goose-srv]\n'],
    [['.junie', 'mcp', 'mcp.json'], stdio('junie')],
    [['.continue', 'config.yaml'], 'name: local\nmcpServers:\n  - name: continue\n    command: uvx\n    args: [c]\n'],
    [
      ['.continue', 'config.json'],
      json({
        experimental: {
          modelContextProtocolServers: [{ transport: { type: 'stdio', command: 'uvx', args: ['legacy'] } }],
        },
      }),
    ],
  ];
}

const EXPECTED: Record<string, string[]> = {
  claude_desktop: ['claude-desktop', 'claude-extension'],
  claude_code: ['claude-code', 'claude-plugin', 'claude-plugin-manifest', 'project-dot-mcp', 'workspace-dot-mcp'],
  cursor: ['cursor', 'cursor-user'],
  windsurf: ['windsurf'],
  vscode: ['vscode', 'vscode-devcontainer', 'vscode-home', 'vscode-profile', 'vscode-workspace-file'],
  vscode_insiders: ['vscode-insiders'],
  visual_studio: ['visual-studio'],
  cline: ['cline'],
  roo_code: ['roo'],
  gemini_cli: ['gemini'],
  antigravity: ['antigravity'],
  copilot_cli: ['copilot'],
  kiro: ['kiro'],
  amazon_q: ['amazon-q', 'amazon-q-agent'],
  codex: ['codex', 'codex-project'],
  opencode: ['opencode'],
  zed: ['zed'],
  lm_studio: ['lm-studio'],
  goose: ['goose'],
  junie: ['junie'],
  continue: ['continue', 'server-1'],
};

async function put(root: string, parts: string[], content: string) {
  const file = path.join(root, ...parts);
  await mkdir(path.dirname(file), { recursive: true });
  await writeFile(file, content);
}

describe.each<Layout>(['macos', 'linux', 'windows'])('discovering every client on a %s home', (layout) => {
  let root: string;
  let snapshot: ScannedSnapshot;
  const names = (client: string) =>
    snapshot.files
      .filter((f) => f.client === client)
      .flatMap((f) => f.servers.map((s) => s.name))
      .sort();

  beforeAll(async () => {
    root = await mkdtemp(path.join(tmpdir(), `tg-${layout}-`));
    const home = path.join(root, 'home');
    const codexHome = path.join(root, 'codex-home');
    const project = path.join(root, 'work', 'app');
    const workspace = path.join(root, 'work', 'site');
    for (const [parts, content] of globalFixtures(layout)) await put(home, parts, content);
    // Codex honours CODEX_HOME; a project keeps its own .codex/config.toml.
    await put(codexHome, ['config.toml'], '[mcp_servers.codex]\ncommand = "npx"\nargs = ["-y", "codex-srv"]\n');
    await put(project, ['.codex', 'config.toml'], '[mcp_servers.codex-project]\nurl = "https://c.example/mcp"\n');
    // A project Claude Code lists in ~/.claude.json, and a folder VS Code opened (workspaceStorage), neither passed as --project.
    await put(
      home,
      ['.claude.json'],
      json({
        mcpServers: { 'claude-code': { command: 'uvx' } },
        projects: { [project]: { allowedTools: [] } },
        oauthAccount: { emailAddress: 'sam@example.com' },
      }),
    );
    await put(project, ['.mcp.json'], json({ mcpServers: { 'project-dot-mcp': { command: 'node', args: ['p.js'] } } }));
    await put(
      project,
      ['.devcontainer', 'devcontainer.json'],
      json({
        customizations: { vscode: { mcp: { servers: { 'vscode-devcontainer': { command: 'npx', args: ['d'] } } } } },
      }),
    );
    await put(
      home,
      [...APP_DATA[layout], 'Code', 'User', 'workspaceStorage', 'a1b2c3', 'workspace.json'],
      json({ folder: pathToFileURL(workspace).href }),
    );
    await put(
      workspace,
      ['.mcp.json'],
      json({ mcpServers: { 'workspace-dot-mcp': { command: 'node', args: ['w.js'] } } }),
    );
    await put(
      workspace,
      ['site.code-workspace'],
      json({
        folders: [{ path: '.' }],
        settings: { mcp: { servers: { 'vscode-workspace-file': { command: 'npx', args: ['w'] } } } },
      }),
    );
    snapshot = await scanMachine({ home, env: { CODEX_HOME: codexHome }, now: new Date('2026-11-01T00:00:00Z') });
  });
  afterAll(() => rm(root, { recursive: true, force: true }));

  it.each(Object.entries(EXPECTED))('finds %s servers', (client, expected) => {
    expect(names(client)).toEqual(expected);
  });

  it('reads every file it found without an error', () => {
    expect(snapshot.files.filter((f) => f.status !== 'ok' && f.status !== 'not_found')).toEqual([]);
  });

  it('keeps the state a client gives a server (disabled, transport)', () => {
    const cline = snapshot.files.flatMap((f) => f.servers).find((s) => s.name === 'cline')!;
    expect(cline.disabled).toBe(true);
    const gemini = snapshot.files.flatMap((f) => f.servers).find((s) => s.name === 'gemini')!;
    expect(gemini.transport).toBe('sse');
  });
});

describe('moved config folders', () => {
  it('reads Claude Code from CLAUDE_CONFIG_DIR instead of the home folder', async () => {
    const root = await mkdtemp(path.join(tmpdir(), 'tg-claude-dir-'));
    try {
      await put(root, ['home', '.claude.json'], json({ mcpServers: { 'at-home': { command: 'a' } } }));
      await put(root, ['elsewhere', '.claude.json'], json({ mcpServers: { moved: { command: 'b' } } }));
      await put(
        root,
        ['elsewhere', 'plugins', 'cache', 'm', 'p', '.mcp.json'],
        json({ mcpServers: { 'moved-plugin': { command: 'c' } } }),
      );
      const snapshot = await scanMachine({
        home: path.join(root, 'home'),
        env: { CLAUDE_CONFIG_DIR: path.join(root, 'elsewhere') },
      });
      const names = snapshot.files
        .filter((f) => f.client === 'claude_code')
        .flatMap((f) => f.servers.map((s) => s.name))
        .sort();
      expect(names).toEqual(['moved', 'moved-plugin']);
    } finally {
      await rm(root, { recursive: true, force: true });
    }
  });
});
