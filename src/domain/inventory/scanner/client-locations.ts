import type { ConfigShape } from './parse-config.ts';

/** One place a client keeps MCP config, relative to a home folder or a project folder. */
export interface ConfigLocation {
  client: string;
  scope: 'global' | 'project';
  /** Path segments under the home or project folder. */
  path: string[];
  shape: ConfigShape;
}

const claudeDesktop = (path: string[]): ConfigLocation => ({ client: 'claude_desktop', scope: 'global', path, shape: 'mcpServers' });
const vscodeUser = (base: string[]): ConfigLocation[] => [
  { client: 'vscode', scope: 'global', path: [...base, 'mcp.json'], shape: 'vscode-mcp' },
  { client: 'vscode', scope: 'global', path: [...base, 'settings.json'], shape: 'vscode-settings' },
];

/** Every known location, for macOS, Windows and Linux layouts at once (a scan looks at all of them). */
export const CONFIG_LOCATIONS: ConfigLocation[] = [
  claudeDesktop(['Library', 'Application Support', 'Claude', 'claude_desktop_config.json']),
  claudeDesktop(['AppData', 'Roaming', 'Claude', 'claude_desktop_config.json']),
  claudeDesktop(['.config', 'Claude', 'claude_desktop_config.json']),
  { client: 'claude_code', scope: 'global', path: ['.claude.json'], shape: 'claude-code' },
  { client: 'claude_code', scope: 'project', path: ['.mcp.json'], shape: 'mcpServers' },
  { client: 'cursor', scope: 'global', path: ['.cursor', 'mcp.json'], shape: 'mcpServers' },
  { client: 'cursor', scope: 'project', path: ['.cursor', 'mcp.json'], shape: 'mcpServers' },
  { client: 'windsurf', scope: 'global', path: ['.codeium', 'windsurf', 'mcp_config.json'], shape: 'mcpServers' },
  ...vscodeUser(['Library', 'Application Support', 'Code', 'User']),
  ...vscodeUser(['AppData', 'Roaming', 'Code', 'User']),
  ...vscodeUser(['.config', 'Code', 'User']),
  { client: 'vscode', scope: 'project', path: ['.vscode', 'mcp.json'], shape: 'vscode-mcp' },
  { client: 'vscode', scope: 'project', path: ['.vscode', 'settings.json'], shape: 'vscode-settings' },
  { client: 'gemini_cli', scope: 'global', path: ['.gemini', 'settings.json'], shape: 'mcpServers' },
  { client: 'gemini_cli', scope: 'project', path: ['.gemini', 'settings.json'], shape: 'mcpServers' },
  { client: 'copilot_cli', scope: 'global', path: ['.copilot', 'mcp-config.json'], shape: 'mcpServers' },
];

/** Folders where Claude Desktop writes `mcp-server-NAME.log` and `mcp.log`. */
export const LOG_FOLDERS: string[][] = [
  ['Library', 'Logs', 'Claude'],
  ['AppData', 'Roaming', 'Claude', 'logs'],
  ['.config', 'Claude', 'logs'],
];

export const CLIENTS = ['claude_desktop', 'claude_code', 'cursor', 'windsurf', 'vscode', 'gemini_cli', 'copilot_cli'] as const;

export function shapeFor(client: string, fileName: string): ConfigShape {
  if (client === 'claude_code' && fileName === '.claude.json') return 'claude-code';
  if (client === 'vscode') return fileName === 'settings.json' ? 'vscode-settings' : 'vscode-mcp';
  return 'mcpServers';
}
