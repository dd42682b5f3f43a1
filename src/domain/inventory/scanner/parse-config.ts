import type { ConfigFileStatus, ScannedServer } from '../scanned-snapshot.ts';
import { type ConfigShape, shapeEntries } from './config-shapes.ts';
import { type DocumentFormat, readDocument } from './read-document.ts';
import { isObject, parseServerEntry } from './server-entry.ts';

export interface ParsedConfig {
  status: ConfigFileStatus;
  error: string | null;
  servers: ScannedServer[];
}

/** Parses one config file's text; never throws. */
export function parseConfigFile(text: string, shape: ConfigShape, format: DocumentFormat = 'json'): ParsedConfig {
  let root: unknown;
  try {
    root = readDocument(text, format);
  } catch (error) {
    return { status: 'parse_error', error: (error as Error).message.split('\n')[0]!.slice(0, 300), servers: [] };
  }
  if (!isObject(root)) return { status: 'unknown_shape', error: 'the file is not an object', servers: [] };
  const { entries, found, section } = shapeEntries(shape, root);
  if (!found) return { status: 'unknown_shape', error: `no ${section} section`, servers: [] };
  const servers: ScannedServer[] = [];
  const problems: string[] = [];
  for (const [name, entry] of entries) {
    const parsed = parseServerEntry(name, entry);
    if (typeof parsed === 'string') problems.push(parsed);
    else servers.push(parsed);
  }
  return { status: 'ok', error: problems.length > 0 ? problems.join('; ') : null, servers };
}
