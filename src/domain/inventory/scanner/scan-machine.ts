import { readdir, readFile, stat } from 'node:fs/promises';
import { hostname, homedir, platform } from 'node:os';
import path from 'node:path';
import type { ScannedConfigFile, ScannedSnapshot } from '../scanned-snapshot.ts';
import { CONFIG_LOCATIONS, LOG_FOLDERS, shapeFor } from './client-locations.ts';
import { parseConfigFile } from './parse-config.ts';

export interface ScanOptions {
  home?: string;
  projects?: string[];
  label?: string | null;
  now?: Date;
}

const MAX_CONFIG_BYTES = 5 * 1024 * 1024;

async function readConfig(file: string): Promise<{ text: string } | { status: 'not_found' | 'parse_error'; error: string }> {
  try {
    const info = await stat(file);
    if (!info.isFile()) return { status: 'not_found', error: 'not a file' };
    if (info.size > MAX_CONFIG_BYTES) return { status: 'parse_error', error: `larger than ${MAX_CONFIG_BYTES} bytes` };
    return { text: await readFile(file, 'utf8') };
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    return code === 'ENOENT' || code === 'ENOTDIR' ? { status: 'not_found', error: 'not found' } : { status: 'parse_error', error: `unreadable (${code ?? 'error'})` };
  }
}

/** `mcp-server-NAME.log` (and `mcp-server-NAME-error.log`) per server name, in the client log folders under home. */
async function findLogFiles(home: string): Promise<Map<string, { path: string; sizeBytes: number | null; modifiedAt: Date | null }[]>> {
  const byServer = new Map<string, { path: string; sizeBytes: number | null; modifiedAt: Date | null }[]>();
  for (const folder of LOG_FOLDERS) {
    const dir = path.join(home, ...folder);
    let names: string[];
    try {
      names = await readdir(dir);
    } catch {
      continue;
    }
    for (const name of names.sort()) {
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

/** A config file as found on disk, before parsing: what a remote machine sends to the server. */
export interface CollectedConfigFile {
  client: string;
  fileName: string;
  filePath: string;
  scope: 'global' | 'project';
  /** null when the file could not be read; `error` says why. */
  content: string | null;
  error: string | null;
  notFound: boolean;
}

export interface CollectedLogFile {
  serverName: string;
  path: string;
  sizeBytes: number | null;
  modifiedAt: Date | null;
}

export interface CollectedSnapshot {
  label: string | null;
  hostname: string | null;
  platform: string | null;
  takenAt: Date;
  files: CollectedConfigFile[];
  logFiles: CollectedLogFile[];
}

/** Reads every known config location under the home folder and each project folder, and lists log files. */
export async function collectMachine(options: ScanOptions = {}): Promise<CollectedSnapshot> {
  const home = path.resolve(options.home ?? homedir());
  const projects = (options.projects ?? []).map((p) => path.resolve(p));
  const roots = [
    ...CONFIG_LOCATIONS.filter((l) => l.scope === 'global').map((l) => ({ location: l, base: home })),
    ...projects.flatMap((project) => CONFIG_LOCATIONS.filter((l) => l.scope === 'project').map((l) => ({ location: l, base: project }))),
  ];
  const files: CollectedConfigFile[] = [];
  for (const { location, base } of roots) {
    const filePath = path.join(base, ...location.path);
    const read = await readConfig(filePath);
    files.push({
      client: location.client,
      fileName: path.basename(filePath),
      filePath,
      scope: location.scope,
      content: 'text' in read ? read.text : null,
      error: 'text' in read ? null : read.error,
      notFound: 'status' in read && read.status === 'not_found',
    });
  }
  const logFiles = [...(await findLogFiles(home)).entries()].flatMap(([serverName, list]) => list.map((log) => ({ serverName, ...log })));
  return { label: options.label ?? null, hostname: hostname(), platform: platform(), takenAt: options.now ?? new Date(), files, logFiles };
}

/**
 * Parses what was collected: missing files, broken JSON and unknown shapes are recorded per file and
 * nothing stops the snapshot. Claude Desktop log files are matched to servers by name.
 */
export function buildSnapshot(collected: CollectedSnapshot): ScannedSnapshot {
  const files: ScannedConfigFile[] = collected.files.map((file) => {
    const base = { client: file.client, fileName: file.fileName, filePath: file.filePath, scope: file.scope };
    if (file.content === null) return { ...base, status: file.notFound ? 'not_found' : 'parse_error', error: file.error ?? 'unreadable', servers: [] };
    const parsed = parseConfigFile(file.content, shapeFor(file.client, file.fileName));
    for (const server of parsed.servers) {
      server.logFiles =
        file.client === 'claude_desktop'
          ? collected.logFiles.filter((log) => log.serverName === server.name).map(({ path: logPath, sizeBytes, modifiedAt }) => ({ path: logPath, sizeBytes, modifiedAt }))
          : [];
    }
    return { ...base, ...parsed };
  });
  return { label: collected.label, hostname: collected.hostname, platform: collected.platform, takenAt: collected.takenAt, files };
}

/** Collect and build in one step (tests, and the server scanning its own machine). */
export async function scanMachine(options: ScanOptions = {}): Promise<ScannedSnapshot> {
  return buildSnapshot(await collectMachine(options));
}
