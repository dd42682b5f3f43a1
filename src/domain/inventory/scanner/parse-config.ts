import type { ConfigFileStatus, ScannedServer } from '../scanned-snapshot.ts';
import { parseJsonc } from './jsonc.ts';
import { splitCommandLine } from './split-command.ts';

/** Where a client keeps its servers inside its config file. */
export type ConfigShape = 'mcpServers' | 'vscode-mcp' | 'vscode-settings' | 'claude-code';

export interface ParsedConfig {
  status: ConfigFileStatus;
  error: string | null;
  servers: ScannedServer[];
}

type Json = Record<string, unknown>;
const isObject = (value: unknown): value is Json => typeof value === 'object' && value !== null && !Array.isArray(value);

function stringRecord(value: unknown): Record<string, string> {
  if (!isObject(value)) return {};
  return Object.fromEntries(Object.entries(value).map(([key, item]) => [key, typeof item === 'string' ? item : JSON.stringify(item)]));
}

/**
 * One server entry on its own: a bad entry yields an error for that entry and does not sink the file.
 * Stdio servers have `command` (a whole command line in one string is split); remote ones have
 * `url`, `serverUrl` (Windsurf) or `httpUrl` (Gemini CLI).
 */
export function parseServerEntry(name: string, entry: unknown): ScannedServer | string {
  if (!isObject(entry)) return `server "${name}" is not an object`;
  const url = [entry.url, entry.serverUrl, entry.httpUrl].find((value) => typeof value === 'string') as string | undefined;
  const commandValue = entry.command;
  if (typeof commandValue !== 'string' && url === undefined) return `server "${name}" has neither a command nor a url`;
  let command: string | null = null;
  let args: string[] = [];
  if (typeof commandValue === 'string') {
    const rawArgs = entry.args;
    if (rawArgs !== undefined && !Array.isArray(rawArgs) && typeof rawArgs !== 'string') return `server "${name}" has args that are not a list`;
    args = Array.isArray(rawArgs) ? rawArgs.map((arg) => (typeof arg === 'string' ? arg : JSON.stringify(arg))) : typeof rawArgs === 'string' ? splitCommandLine(rawArgs) : [];
    // "command": "npx -y @scope/server" with no args: a command line in one string.
    if (args.length === 0 && /\s/.test(commandValue.trim())) {
      const [first, ...rest] = splitCommandLine(commandValue.trim());
      command = first ?? null;
      args = rest;
    } else {
      command = commandValue;
    }
  }
  const declared = typeof entry.type === 'string' ? entry.type.toLowerCase() : typeof entry.transport === 'string' ? entry.transport.toLowerCase() : null;
  const transport: ScannedServer['transport'] =
    command !== null && url === undefined
      ? 'stdio'
      : declared === 'sse' || (declared === null && url !== undefined && /\/sse\/?$/.test(url))
        ? 'sse'
        : 'http';
  return {
    name,
    transport,
    command,
    args,
    env: stringRecord(entry.env),
    workingDirectory: typeof entry.cwd === 'string' ? entry.cwd : typeof entry.workingDirectory === 'string' ? entry.workingDirectory : null,
    url: url ?? null,
    headers: stringRecord(entry.headers),
    logFiles: [],
  };
}

function serverMaps(shape: ConfigShape, root: Json): { maps: Json[]; found: boolean } {
  switch (shape) {
    case 'mcpServers':
      return { maps: isObject(root.mcpServers) ? [root.mcpServers] : [], found: 'mcpServers' in root };
    case 'vscode-mcp':
      return { maps: isObject(root.servers) ? [root.servers] : [], found: 'servers' in root };
    case 'vscode-settings': {
      const nested = isObject(root.mcp) && isObject(root.mcp.servers) ? root.mcp.servers : root['mcp.servers'];
      return { maps: isObject(nested) ? [nested] : [], found: isObject(nested) };
    }
    case 'claude-code': {
      const maps: Json[] = isObject(root.mcpServers) ? [root.mcpServers] : [];
      if (isObject(root.projects)) {
        for (const project of Object.values(root.projects)) if (isObject(project) && isObject(project.mcpServers)) maps.push(project.mcpServers);
      }
      return { maps, found: 'mcpServers' in root || isObject(root.projects) };
    }
  }
}

/** Parses one config file's text; never throws. */
export function parseConfigFile(text: string, shape: ConfigShape): ParsedConfig {
  let root: unknown;
  try {
    root = parseJsonc(text);
  } catch (error) {
    return { status: 'parse_error', error: (error as Error).message, servers: [] };
  }
  if (!isObject(root)) return { status: 'unknown_shape', error: 'the file is not a JSON object', servers: [] };
  const { maps, found } = serverMaps(shape, root);
  if (!found) return { status: 'unknown_shape', error: `no ${shape === 'vscode-mcp' ? 'servers' : shape === 'vscode-settings' ? 'mcp.servers' : 'mcpServers'} section`, servers: [] };
  const servers: ScannedServer[] = [];
  const problems: string[] = [];
  for (const map of maps) {
    for (const [name, entry] of Object.entries(map)) {
      const parsed = parseServerEntry(name, entry);
      if (typeof parsed === 'string') problems.push(parsed);
      else servers.push(parsed);
    }
  }
  return { status: 'ok', error: problems.length > 0 ? problems.join('; ') : null, servers };
}
