import { readdir, stat } from 'node:fs/promises';
import path from 'node:path';

/** Deep enough for `~/.claude/plugins/cache/<marketplace>/<plugin>/<version>/.mcp.json`, shallow enough to stay fast. */
const MAX_DEPTH = 6;
const MAX_MATCHES = 200;

const isPattern = (segment: string) => segment.includes('*');
const nameMatcher = (segment: string) =>
  new RegExp(
    `^${segment
      .split('*')
      .map((part) => part.replace(/[.+?^${}()|[\]\\]/g, '\\$&'))
      .join('[^/]*')}$`,
  );

async function folders(dir: string): Promise<string[]> {
  try {
    // Symbolic links are not followed: a link back up the tree would loop.
    return (await readdir(dir, { withFileTypes: true }))
      .filter((entry) => entry.isDirectory() && entry.name !== 'node_modules')
      .map((entry) => entry.name)
      .sort();
  } catch {
    return [];
  }
}

async function names(dir: string): Promise<string[]> {
  try {
    return (await readdir(dir)).sort();
  } catch {
    return [];
  }
}

/**
 * The paths a location pattern names under `base`: a fixed path as is (whether it exists or not), a pattern
 * (`*`, `*.yaml`, `**`) as the existing files it matches, at most MAX_MATCHES of them.
 */
export async function expandLocation(base: string, segments: string[]): Promise<{ paths: string[]; pattern: boolean }> {
  if (!segments.some(isPattern)) return { paths: [path.join(base, ...segments)], pattern: false };
  const found: string[] = [];
  async function walk(dir: string, rest: string[], depth: number): Promise<void> {
    if (found.length >= MAX_MATCHES) return;
    const [segment, ...tail] = rest;
    if (segment === undefined) {
      if ((await stat(dir).catch(() => null))?.isFile()) found.push(dir);
      return;
    }
    if (segment === '**') {
      await walk(dir, tail, depth);
      if (depth >= MAX_DEPTH) return;
      for (const child of await folders(dir)) await walk(path.join(dir, child), rest, depth + 1);
      return;
    }
    if (!isPattern(segment)) return walk(path.join(dir, segment), tail, depth);
    const matcher = nameMatcher(segment);
    for (const name of await names(dir)) if (matcher.test(name)) await walk(path.join(dir, name), tail, depth);
  }
  await walk(base, segments, 0);
  return { paths: found, pattern: true };
}
