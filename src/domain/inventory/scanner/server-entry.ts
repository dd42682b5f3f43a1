import type { ScannedServer } from '../scanned-snapshot.ts';
import { splitCommand, splitCommandLine } from './split-command.ts';

type Json = Record<string, unknown>;
export const isObject = (value: unknown): value is Json =>
  typeof value === 'object' && value !== null && !Array.isArray(value);

function stringRecord(value: unknown): Record<string, string> {
  if (!isObject(value)) return {};
  return Object.fromEntries(
    Object.entries(value).map(([key, item]) => [key, typeof item === 'string' ? item : JSON.stringify(item)]),
  );
}

const asText = (value: unknown): string => (typeof value === 'string' ? value : JSON.stringify(value));

function transportOf(declared: string | null, url: string | null, command: string | null): ScannedServer['transport'] {
  switch (declared) {
    case 'sse':
      return 'sse';
    case 'ws':
    case 'websocket':
      return 'websocket';
    case 'http':
    case 'streamable-http':
    case 'streamable_http':
    case 'streamablehttp':
      return 'http';
  }
  if (url === null) return command === null ? 'http' : 'stdio';
  if (/^wss?:\/\//i.test(url)) return 'websocket';
  if (/\/sse\/?(?:[?#].*)?$/i.test(url)) return 'sse';
  return 'http';
}

/**
 * One server entry in the common dialect (`command`, `args`, `env`, `cwd`, `url`/`serverUrl`/`httpUrl`, `type`,
 * `headers`, `disabled`/`enabled`), on its own: a bad entry yields an error for that entry and does not sink
 * its file. Client dialects are brought to this one by their shape first.
 */
export function parseServerEntry(name: string, entry: unknown): ScannedServer | string {
  if (!isObject(entry)) return `server "${name}" is not an object`;
  const url =
    ([entry.url, entry.serverUrl, entry.httpUrl].find((value) => typeof value === 'string') as string | undefined) ??
    null;
  const commandValue =
    Array.isArray(entry.command) && entry.command.length > 0
      ? entry.command
      : typeof entry.command === 'string' && entry.command.trim() !== ''
        ? entry.command
        : null;
  if (commandValue === null && url === null) return `server "${name}" has neither a command nor a url`;
  let command: string | null = null;
  let args: string[] = [];
  if (Array.isArray(commandValue)) {
    // opencode writes the whole command as one array: ["npx", "-y", "pkg"].
    [command, ...args] = commandValue.map(asText) as [string, ...string[]];
  } else if (commandValue !== null) {
    const rawArgs = entry.args;
    if (rawArgs !== undefined && rawArgs !== null && !Array.isArray(rawArgs) && typeof rawArgs !== 'string')
      return `server "${name}" has args that are not a list`;
    args = Array.isArray(rawArgs) ? rawArgs.map(asText) : typeof rawArgs === 'string' ? splitCommandLine(rawArgs) : [];
    if (args.length === 0 && /\s/.test(commandValue.trim())) ({ command, args } = splitCommand(commandValue));
    else command = commandValue;
  }
  const declared =
    typeof entry.type === 'string'
      ? entry.type.toLowerCase()
      : typeof entry.transport === 'string'
        ? entry.transport.toLowerCase()
        : null;
  return {
    name,
    transport: url === null && command !== null ? 'stdio' : transportOf(declared, url, command),
    command,
    args,
    env: stringRecord(entry.env),
    workingDirectory:
      typeof entry.cwd === 'string'
        ? entry.cwd
        : typeof entry.workingDirectory === 'string'
          ? entry.workingDirectory
          : null,
    url,
    headers: stringRecord(entry.headers),
    disabled: entry.disabled === true || entry.enabled === false,
    logFiles: [],
    secretFingerprints: {},
  };
}
