import type { ConfigShape } from './config-shapes.ts';

/** One place a client keeps MCP config, relative to a home folder or a project folder. */
export interface ConfigLocation {
  client: string;
  scope: 'global' | 'project';
  /** Path segments; a segment `*` matches any one name, `*.ext` any name ending so, `**` any depth of folders. */
  path: string[];
  shape: ConfigShape;
  /** When this environment variable names a folder, `path` under it replaces the home-relative one. */
  override?: { variable: string; path: string[] };
}

/** Per-user application data on macOS, Windows and Linux: a scan looks at all three layouts at once. */
const APP_DATA = [['Library', 'Application Support'], ['AppData', 'Roaming'], ['.config']];
const inAppData = (client: string, path: string[], shape: ConfigShape): ConfigLocation[] =>
  APP_DATA.map((base) => ({ client, scope: 'global', path: [...base, ...path], shape }));
const global = (
  client: string,
  path: string[],
  shape: ConfigShape = 'mcpServers',
  override?: ConfigLocation['override'],
): ConfigLocation => ({
  client,
  scope: 'global',
  path,
  shape,
  ...(override ? { override } : {}),
});
const project = (client: string, path: string[], shape: ConfigShape = 'mcpServers'): ConfigLocation => ({
  client,
  scope: 'project',
  path,
  shape,
});

/** VS Code and its forks keep user config in `<app data>/<product>/User`, profiles one level below. */
const vscodeUser = (client: string, product: string): ConfigLocation[] => [
  ...inAppData(client, [product, 'User', 'mcp.json'], 'vscode-mcp'),
  ...inAppData(client, [product, 'User', 'settings.json'], 'vscode-settings'),
  ...inAppData(client, [product, 'User', 'profiles', '*', 'mcp.json'], 'vscode-mcp'),
  ...inAppData(client, [product, 'User', 'profiles', '*', 'settings.json'], 'vscode-settings'),
];
/** Extensions that keep their own MCP settings in the editor's global storage, in every editor that hosts them. */
const EXTENSION_HOSTS = ['Code', 'Code - Insiders', 'Cursor', 'Windsurf'];
const extensionSettings = (client: string, path: string[]): ConfigLocation[] =>
  EXTENSION_HOSTS.flatMap((host) => inAppData(client, [host, 'User', 'globalStorage', ...path], 'mcpServers'));

/** Every known location, one group per client. */
export const CONFIG_LOCATIONS: ConfigLocation[] = [
  ...inAppData('claude_desktop', ['Claude', 'claude_desktop_config.json'], 'mcpServers'),
  ...inAppData('claude_desktop', ['Claude', 'Claude Extensions', '*', 'manifest.json'], 'claude-extension'),
  global('claude_code', ['.claude.json'], 'claude-code', { variable: 'CLAUDE_CONFIG_DIR', path: ['.claude.json'] }),
  global('claude_code', ['.claude', 'plugins', '**', '.mcp.json'], 'mcp-json', {
    variable: 'CLAUDE_CONFIG_DIR',
    path: ['plugins', '**', '.mcp.json'],
  }),
  global('claude_code', ['.claude', 'plugins', '**', '.claude-plugin', 'plugin.json'], 'mcpServers', {
    variable: 'CLAUDE_CONFIG_DIR',
    path: ['plugins', '**', '.claude-plugin', 'plugin.json'],
  }),
  project('claude_code', ['.mcp.json'], 'mcp-json'),
  global('cursor', ['.cursor', 'mcp.json']),
  ...inAppData('cursor', ['Cursor', 'User', 'mcp.json'], 'mcpServers'),
  project('cursor', ['.cursor', 'mcp.json']),
  global('windsurf', ['.codeium', 'windsurf', 'mcp_config.json']),
  project('windsurf', ['.windsurf', 'mcp.json']),
  ...vscodeUser('vscode', 'Code'),
  global('vscode', ['.vscode', 'mcp.json'], 'vscode-mcp'),
  project('vscode', ['.vscode', 'mcp.json'], 'vscode-mcp'),
  project('vscode', ['.vscode', 'settings.json'], 'vscode-settings'),
  project('vscode', ['.devcontainer', 'devcontainer.json'], 'devcontainer'),
  project('vscode', ['*.code-workspace'], 'code-workspace'),
  ...vscodeUser('vscode_insiders', 'Code - Insiders'),
  global('visual_studio', ['.mcp.json'], 'servers-or-mcpServers'),
  ...extensionSettings('cline', ['saoudrizwan.claude-dev', 'settings', 'cline_mcp_settings.json']),
  ...extensionSettings('roo_code', ['rooveterinaryinc.roo-cline', 'settings', 'mcp_settings.json']),
  project('roo_code', ['.roo', 'mcp.json']),
  global('gemini_cli', ['.gemini', 'settings.json'], 'gemini'),
  project('gemini_cli', ['.gemini', 'settings.json'], 'gemini'),
  global('antigravity', ['.gemini', 'antigravity', 'mcp_config.json']),
  global('copilot_cli', ['.copilot', 'mcp-config.json']),
  global('kiro', ['.kiro', 'settings', 'mcp.json']),
  project('kiro', ['.kiro', 'settings', 'mcp.json']),
  global('amazon_q', ['.aws', 'amazonq', 'mcp.json']),
  global('amazon_q', ['.aws', 'amazonq', 'agents', '*.json']),
  project('amazon_q', ['.amazonq', 'mcp.json']),
  global('codex', ['.codex', 'config.toml'], 'codex', { variable: 'CODEX_HOME', path: ['config.toml'] }),
  project('codex', ['.codex', 'config.toml'], 'codex'),
  global('opencode', ['.config', 'opencode', 'opencode.json'], 'opencode'),
  global('opencode', ['.config', 'opencode', 'opencode.jsonc'], 'opencode'),
  project('opencode', ['opencode.json'], 'opencode'),
  project('opencode', ['opencode.jsonc'], 'opencode'),
  global('zed', ['.config', 'zed', 'settings.json'], 'zed'),
  global('zed', ['AppData', 'Roaming', 'Zed', 'settings.json'], 'zed'),
  project('zed', ['.zed', 'settings.json'], 'zed'),
  global('lm_studio', ['.lmstudio', 'mcp.json']),
  global('goose', ['.config', 'goose', 'config.yaml'], 'goose'),
  global('goose', ['AppData', 'Roaming', 'Block', 'goose', 'config', 'config.yaml'], 'goose'),
  global('junie', ['.junie', 'mcp', 'mcp.json']),
  project('junie', ['.junie', 'mcp', 'mcp.json']),
  global('continue', ['.continue', 'config.yaml'], 'continue-yaml'),
  global('continue', ['.continue', 'config.json'], 'continue-json'),
  project('continue', ['.continue', 'mcpServers', '*.yaml'], 'continue-yaml'),
];

/** Folders where Claude Desktop writes `mcp-server-NAME.log` and `mcp.log`. */
export const LOG_FOLDERS: string[][] = [
  ['Library', 'Logs', 'Claude'],
  ['AppData', 'Roaming', 'Claude', 'logs'],
  ['.config', 'Claude', 'logs'],
];

/** The clients this scanner knows; a snapshot from a newer scanner may name others (any lower-case identifier). */
export const CLIENTS: readonly string[] = [...new Set(CONFIG_LOCATIONS.map((location) => location.client))];
