import { isObject } from './server-entry.ts';

type Json = Record<string, unknown>;

/** Where a client keeps its servers inside its config document, and in which dialect. */
export type ConfigShape =
  | 'mcpServers'
  | 'mcp-json'
  | 'gemini'
  | 'vscode-mcp'
  | 'vscode-settings'
  | 'servers-or-mcpServers'
  | 'claude-code'
  | 'claude-extension'
  | 'codex'
  | 'opencode'
  | 'zed'
  | 'goose'
  | 'continue-yaml'
  | 'continue-json'
  | 'devcontainer'
  | 'code-workspace';

/** The server entries a document holds, each brought to the common dialect; `found` says the section exists. */
export interface ShapeEntries {
  entries: [name: string, entry: unknown][];
  found: boolean;
  /** The section looked for, for the "unknown shape" message. */
  section: string;
}

const mapEntries = (value: unknown): [string, unknown][] => (isObject(value) ? Object.entries(value) : []);
const renamed = (entries: [string, unknown][], convert: (entry: Json) => Json): [string, unknown][] =>
  entries.map(([name, entry]) => [name, isObject(entry) ? convert(entry) : entry]);

/** Gemini CLI: `url` is an SSE endpoint and `httpUrl` a Streamable HTTP one. */
const gemini = (entry: Json): Json =>
  typeof entry.url === 'string' && entry.type === undefined ? { ...entry, type: 'sse' } : entry;

/** Codex `[mcp_servers.NAME]`: `http_headers`, `enabled = false`, and a bearer token named by environment variable. */
const codex = (entry: Json): Json => ({
  ...entry,
  headers: {
    ...(isObject(entry.http_headers) ? entry.http_headers : {}),
    ...(typeof entry.bearer_token_env_var === 'string'
      ? { Authorization: `Bearer \${env:${entry.bearer_token_env_var}}` }
      : {}),
  },
});

/** opencode `mcp.NAME`: `type: local` with a command array and `environment`, or `type: remote` with `url`. */
const opencode = (entry: Json): Json => ({
  ...entry,
  type: entry.type === 'local' ? 'stdio' : undefined,
  env: entry.environment ?? entry.env,
});

/** Zed `context_servers.NAME`: `command` is either a string or `{ path, args, env }`. */
const zed = (entry: Json): Json =>
  isObject(entry.command)
    ? { ...entry, command: entry.command.path, args: entry.command.args, env: entry.command.env }
    : entry;

/** Goose `extensions.NAME`: `cmd`, `envs`, `uri`, and `type: stdio | sse | streamable_http | builtin`. */
const goose = (entry: Json): Json => ({ ...entry, command: entry.cmd, env: entry.envs, url: entry.uri });

function listEntries(list: unknown, convert: (entry: Json) => Json = (entry) => entry): [string, unknown][] {
  if (!Array.isArray(list)) return [];
  return list.map((item, index) => {
    const name = isObject(item) && typeof item.name === 'string' ? item.name : `server-${index + 1}`;
    return [name, isObject(item) ? convert(item) : item];
  });
}

export function shapeEntries(shape: ConfigShape, root: Json): ShapeEntries {
  switch (shape) {
    case 'mcpServers':
      return { entries: mapEntries(root.mcpServers), found: 'mcpServers' in root, section: 'mcpServers' };
    case 'mcp-json': {
      // Project and plugin `.mcp.json`: `{ "mcpServers": {...} }`, or the server map itself.
      if ('mcpServers' in root) return { entries: mapEntries(root.mcpServers), found: true, section: 'mcpServers' };
      const entries = Object.entries(root).filter(
        ([, entry]) => isObject(entry) && ('command' in entry || 'url' in entry),
      );
      return { entries, found: entries.length > 0, section: 'mcpServers' };
    }
    case 'gemini':
      return {
        entries: renamed(mapEntries(root.mcpServers), gemini),
        found: 'mcpServers' in root,
        section: 'mcpServers',
      };
    case 'vscode-mcp':
      return { entries: mapEntries(root.servers), found: 'servers' in root, section: 'servers' };
    case 'servers-or-mcpServers':
      return {
        entries: mapEntries(root.servers ?? root.mcpServers),
        found: 'servers' in root || 'mcpServers' in root,
        section: 'servers',
      };
    case 'vscode-settings': {
      const nested = isObject(root.mcp) && isObject(root.mcp.servers) ? root.mcp.servers : root['mcp.servers'];
      return { entries: mapEntries(nested), found: isObject(nested), section: 'mcp.servers' };
    }
    case 'devcontainer': {
      const vscode =
        isObject(root.customizations) && isObject(root.customizations.vscode) ? root.customizations.vscode : {};
      const servers = isObject(vscode.mcp)
        ? vscode.mcp.servers
        : isObject(vscode.settings)
          ? (vscode.settings as Json)['mcp.servers']
          : undefined;
      return { entries: mapEntries(servers), found: isObject(servers), section: 'customizations.vscode.mcp.servers' };
    }
    case 'code-workspace': {
      const settings = isObject(root.settings) ? root.settings : {};
      const servers = isObject(root.mcp)
        ? root.mcp.servers
        : isObject(settings.mcp)
          ? settings.mcp.servers
          : settings['mcp.servers'];
      return { entries: mapEntries(servers), found: isObject(servers), section: 'settings.mcp.servers' };
    }
    case 'claude-code': {
      const entries = mapEntries(root.mcpServers);
      if (isObject(root.projects))
        for (const project of Object.values(root.projects))
          if (isObject(project)) entries.push(...mapEntries(project.mcpServers));
      return { entries, found: 'mcpServers' in root || isObject(root.projects), section: 'mcpServers' };
    }
    case 'claude-extension': {
      // A Claude Desktop extension's manifest.json: one server under `server.mcp_config`.
      const config = isObject(root.server) ? root.server.mcp_config : undefined;
      const name = typeof root.name === 'string' ? root.name : 'extension';
      return {
        entries: isObject(config) ? [[name, config]] : [],
        found: isObject(config),
        section: 'server.mcp_config',
      };
    }
    case 'codex':
      return {
        entries: renamed(mapEntries(root.mcp_servers), codex),
        found: 'mcp_servers' in root,
        section: 'mcp_servers',
      };
    case 'opencode':
      return { entries: renamed(mapEntries(root.mcp), opencode), found: 'mcp' in root, section: 'mcp' };
    case 'zed':
      return {
        entries: renamed(mapEntries(root.context_servers), zed),
        found: 'context_servers' in root,
        section: 'context_servers',
      };
    case 'goose': {
      // Built-in extensions are part of Goose itself, not server configurations.
      const entries = renamed(mapEntries(root.extensions), goose).filter(
        ([, entry]) => !(isObject(entry) && entry.type === 'builtin'),
      );
      return { entries, found: 'extensions' in root, section: 'extensions' };
    }
    case 'continue-yaml':
      return { entries: listEntries(root.mcpServers), found: 'mcpServers' in root, section: 'mcpServers' };
    case 'continue-json': {
      const experimental = isObject(root.experimental) ? root.experimental : {};
      const list = experimental.modelContextProtocolServers;
      return {
        entries: listEntries(list, (item) =>
          isObject(item.transport) ? { ...item.transport, name: item.name } : item,
        ),
        found: Array.isArray(list),
        section: 'experimental.modelContextProtocolServers',
      };
    }
  }
}
