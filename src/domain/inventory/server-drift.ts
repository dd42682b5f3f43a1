/** A server entry as drift compares it: what the stored (redacted) configuration says, and its secrets' fingerprints. */
export interface DriftServer {
  client: string;
  filePath: string;
  serverName: string;
  transport: string;
  command: string | null;
  args: string[];
  url: string | null;
  env: Record<string, string>;
  headers: Record<string, string>;
  disabled: boolean;
  secretFingerprints: Record<string, string>;
}

/** rotated: a redacted value whose fingerprint changed (the secret was replaced; neither value is known). */
export type FieldChangeKind = 'changed' | 'added' | 'removed' | 'rotated';

export interface FieldChange {
  /** command, args, url, transport, disabled, env.NAME or headers.NAME. */
  field: string;
  change: FieldChangeKind;
  before: string | null;
  after: string | null;
}

export type ServerChangeKind = 'added' | 'removed' | 'changed';

export interface ServerDrift {
  client: string;
  filePath: string;
  serverName: string;
  change: ServerChangeKind;
  /** For changed servers: what changed. Empty for added and removed ones. */
  fields: FieldChange[];
}

// A server is the same configuration across snapshots when the same client lists it under the same name in the
// same file: the name alone would merge a project's entry with the global one.
const identity = (server: DriftServer) => JSON.stringify([server.client, server.filePath, server.serverName]);

function scalar(field: string, before: string | null, after: string | null): FieldChange[] {
  return before === after ? [] : [{ field, change: 'changed', before, after }];
}

function namedValues(prefix: 'env' | 'headers', before: DriftServer, after: DriftServer): FieldChange[] {
  const changes: FieldChange[] = [];
  const names = [...new Set([...Object.keys(before[prefix]), ...Object.keys(after[prefix])])].sort();
  for (const name of names) {
    const field = `${prefix}.${name}`;
    const was = before[prefix][name];
    const now = after[prefix][name];
    if (was === undefined) changes.push({ field, change: 'added', before: null, after: now ?? null });
    else if (now === undefined) changes.push({ field, change: 'removed', before: was, after: null });
    else {
      const oldPrint = before.secretFingerprints[field];
      const newPrint = after.secretFingerprints[field];
      // Both redacted: the fingerprints tell a replaced secret from the same one (the placeholders look alike).
      if (oldPrint !== undefined && newPrint !== undefined) {
        if (oldPrint !== newPrint) changes.push({ field, change: 'rotated', before: null, after: null });
      } else if (was !== now) changes.push({ field, change: 'changed', before: was, after: now });
    }
  }
  return changes;
}

function fieldChanges(before: DriftServer, after: DriftServer): FieldChange[] {
  return [
    ...scalar('transport', before.transport, after.transport),
    ...scalar('command', before.command, after.command),
    ...scalar('args', JSON.stringify(before.args), JSON.stringify(after.args)),
    ...scalar('url', before.url, after.url),
    ...scalar('disabled', String(before.disabled), String(after.disabled)),
    ...namedValues('env', before, after),
    ...namedValues('headers', before, after),
  ];
}

/**
 * What changed from one snapshot of a machine to its next: servers added, removed, or changed field by field.
 * `unreadable` names the files (client and path) the later snapshot could not read: their servers are not
 * reported removed, since their absence proves nothing.
 */
export function driftBetween(
  before: readonly DriftServer[],
  after: readonly DriftServer[],
  unreadable: ReadonlySet<string> = new Set(),
): ServerDrift[] {
  const earlier = new Map(before.map((server) => [identity(server), server]));
  const later = new Map(after.map((server) => [identity(server), server]));
  const drift: ServerDrift[] = [];
  for (const [key, server] of later) {
    const previous = earlier.get(key);
    if (!previous)
      drift.push({
        client: server.client,
        filePath: server.filePath,
        serverName: server.serverName,
        change: 'added',
        fields: [],
      });
    else {
      const fields = fieldChanges(previous, server);
      if (fields.length > 0)
        drift.push({
          client: server.client,
          filePath: server.filePath,
          serverName: server.serverName,
          change: 'changed',
          fields,
        });
    }
  }
  for (const [key, server] of earlier) {
    if (later.has(key) || unreadable.has(unreadableKey(server.client, server.filePath))) continue;
    drift.push({
      client: server.client,
      filePath: server.filePath,
      serverName: server.serverName,
      change: 'removed',
      fields: [],
    });
  }
  return drift.sort(
    (a, b) =>
      a.client.localeCompare(b.client) ||
      a.serverName.localeCompare(b.serverName) ||
      a.filePath.localeCompare(b.filePath),
  );
}

export const unreadableKey = (client: string, filePath: string) => JSON.stringify([client, filePath]);
