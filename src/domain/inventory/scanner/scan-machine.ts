import { readdir, readFile, stat } from 'node:fs/promises';
import { homedir, hostname, platform } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import type { ScannedConfigFile, ScannedServer, ScannedSnapshot } from '../scanned-snapshot.ts';
import { CONFIG_LOCATIONS, type ConfigLocation, LOG_FOLDERS } from './client-locations.ts';
import { decodeConfigBytes } from './decode-text.ts';
import { expandLocation } from './find-files.ts';
import { parseConfigFile } from './parse-config.ts';
import { formatOf, readDocument } from './read-document.ts';
import { isObject } from './server-entry.ts';

export interface ScanOptions {
  home?: string;
  projects?: string[];
  label?: string | null;
  now?: Date;
  /** Environment variables that move a client's config (`CLAUDE_CONFIG_DIR`, `CODEX_HOME`); default: this process's. */
  env?: Record<string, string | undefined>;
  /** Also scan the project folders the clients themselves list (Claude Code projects, VS Code workspaces). Default true. */
  discoverProjects?: boolean;
}

/** Per file: a large `~/.claude.json` (prompt history) is common; it is parsed here and never sent whole. */
const MAX_CONFIG_BYTES = 32 * 1024 * 1024;
const MAX_PROJECTS = 200;

type ReadResult = { text: string } | { status: 'not_found' | 'parse_error'; error: string };

async function readConfig(file: string): Promise<ReadResult> {
  try {
    const info = await stat(file);
    if (!info.isFile()) return { status: 'not_found', error: 'not a file' };
    if (info.size > MAX_CONFIG_BYTES) return { status: 'parse_error', error: `larger than ${MAX_CONFIG_BYTES} bytes` };
    return { text: decodeConfigBytes(await readFile(file)) };
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    return code === 'ENOENT' || code === 'ENOTDIR'
      ? { status: 'not_found', error: 'not found' }
      : { status: 'parse_error', error: `unreadable (${code ?? 'error'})` };
  }
}

async function isFolder(folder: string): Promise<boolean> {
  return (await stat(folder).catch(() => null))?.isDirectory() ?? false;
}

async function readObject(file: string): Promise<Record<string, unknown> | null> {
  const read = await readConfig(file);
  if (!('text' in read)) return null;
  try {
    const root = readDocument(read.text, formatOf(file));
    return isObject(root) ? root : null;
  } catch {
    return null;
  }
}

/** Project folders the clients themselves list: Claude Code's `projects` keys and VS Code's recent workspaces. */
async function knownProjects(home: string, env: Record<string, string | undefined>): Promise<string[]> {
  const candidates: string[] = [];
  const claudeJson = await readObject(
    env.CLAUDE_CONFIG_DIR ? path.join(env.CLAUDE_CONFIG_DIR, '.claude.json') : path.join(home, '.claude.json'),
  );
  if (claudeJson && isObject(claudeJson.projects)) candidates.push(...Object.keys(claudeJson.projects));
  for (const appData of [['Library', 'Application Support'], ['AppData', 'Roaming'], ['.config']]) {
    for (const product of ['Code', 'Code - Insiders', 'Cursor', 'Windsurf']) {
      const storage = path.join(home, ...appData, product, 'User', 'workspaceStorage');
      for (const entry of (await readdir(storage).catch(() => [] as string[])).sort()) {
        const workspace = await readObject(path.join(storage, entry, 'workspace.json'));
        const folder = workspace?.folder;
        if (typeof folder === 'string' && folder.startsWith('file://')) candidates.push(fileURLToPath(folder));
      }
    }
  }
  const existing: string[] = [];
  for (const candidate of [...new Set(candidates)]) {
    if (existing.length >= MAX_PROJECTS) break;
    if (path.isAbsolute(candidate) && (await isFolder(candidate))) existing.push(path.resolve(candidate));
  }
  return existing;
}

/** `mcp-server-NAME.log` (and `mcp-server-NAME-error.log`) per server name, in the client log folders under home. */
async function findLogFiles(home: string): Promise<Map<string, ScannedServer['logFiles']>> {
  const byServer = new Map<string, ScannedServer['logFiles']>();
  for (const folder of LOG_FOLDERS) {
    const dir = path.join(home, ...folder);
    for (const name of (await readdir(dir).catch(() => [] as string[])).sort()) {
      const match = /^mcp-server-(.+?)(?:-error)?\.log$/.exec(name) ?? (name === 'mcp.log' ? [name, '*'] : null);
      if (!match) continue;
      const file = path.join(dir, name);
      const info = await stat(file).catch(() => null);
      const list = byServer.get(match[1]!) ?? [];
      list.push({ path: file, sizeBytes: info?.size ?? null, modifiedAt: info?.mtime ?? null });
      byServer.set(match[1]!, list);
    }
  }
  return byServer;
}

function basesOf(
  location: ConfigLocation,
  home: string,
  projects: string[],
  env: Record<string, string | undefined>,
): { base: string; segments: string[] }[] {
  if (location.scope === 'project') return projects.map((project) => ({ base: project, segments: location.path }));
  const moved = location.override ? env[location.override.variable] : undefined;
  return moved && location.override
    ? [{ base: path.resolve(moved), segments: location.override.path }]
    : [{ base: home, segments: location.path }];
}

/**
 * Reads and parses every known config location under the home folder and each project folder, on this machine.
 * Missing files, unreadable or broken files and unknown shapes are recorded per file and never stop the
 * snapshot; a project folder's missing files are not recorded at all (they would only list project names).
 */
export async function scanMachine(options: ScanOptions = {}): Promise<ScannedSnapshot> {
  const home = path.resolve(options.home ?? homedir());
  const env = options.env ?? process.env;
  const explicit = (options.projects ?? []).map((p) => path.resolve(p));
  const discovered = options.discoverProjects === false ? [] : await knownProjects(home, env);
  const projects = [...new Set([...explicit, ...discovered])];
  const logs = await findLogFiles(home);
  const files: ScannedConfigFile[] = [];
  const seen = new Set<string>();
  for (const location of CONFIG_LOCATIONS) {
    for (const { base, segments } of basesOf(location, home, projects, env)) {
      const { paths, pattern } = await expandLocation(base, segments);
      for (const filePath of paths) {
        const key = `${location.client}\u0000${filePath}`;
        if (seen.has(key)) continue;
        seen.add(key);
        const read = await readConfig(filePath);
        if ('status' in read && read.status === 'not_found' && (pattern || location.scope === 'project')) continue;
        const file = { client: location.client, fileName: path.basename(filePath), filePath, scope: location.scope };
        if ('status' in read) {
          files.push({ ...file, status: read.status, error: read.error, servers: [] });
          continue;
        }
        const parsed = parseConfigFile(read.text, location.shape, formatOf(filePath));
        if (location.client === 'claude_desktop')
          for (const server of parsed.servers) server.logFiles = logs.get(server.name) ?? [];
        files.push({ ...file, ...parsed });
      }
    }
  }
  return {
    label: options.label ?? null,
    hostname: hostname(),
    platform: platform(),
    takenAt: options.now ?? new Date(),
    files,
  };
}
