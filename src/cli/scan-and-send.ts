import { homedir } from 'node:os';
import path from 'node:path';
import { redactSnapshot } from '../domain/inventory/redact-server.ts';
import { machineFingerprintKey, machineId } from '../domain/inventory/scanner/machine-key.ts';
import { scanMachine } from '../domain/inventory/scanner/scan-machine.ts';
import { CliImportSnapshotDocument } from '../generated/graphql.ts';
import { requestGraphQL, type ServerConnection } from './graphql-client.ts';
import { snapshotInput } from './snapshot-input.ts';

export interface ScanAndSendOptions {
  home: string;
  projects: string[];
  discoverProjects: boolean;
  label: string | null;
  account: string | null;
  connection: ServerConnection;
}

/** The scan flags both the CLI and the served scanner take. */
export const scanFlags = {
  home: { type: 'string' },
  project: { type: 'string', multiple: true },
  'no-project-discovery': { type: 'boolean', default: false },
  label: { type: 'string' },
  account: { type: 'string' },
} as const;

export interface ScanFlagValues {
  home?: string | undefined;
  project?: string[] | undefined;
  'no-project-discovery'?: boolean | undefined;
  label?: string | undefined;
  account?: string | undefined;
}

export function scanOptionsFrom(values: ScanFlagValues, connection: ServerConnection): ScanAndSendOptions {
  return {
    home: path.resolve(values.home ?? homedir()),
    projects: values.project ?? [],
    discoverProjects: !values['no-project-discovery'],
    label: values.label ?? null,
    account: values.account ?? null,
    connection,
  };
}

/**
 * Scans this machine, redacts on it, and sends the server entries only: what both `trafficgraph snapshot scan`
 * and the served `scanner.mjs` (bundled from this file's imports) do, so the two cannot drift apart.
 * Progress goes to `note` (stderr), the result to `print` (stdout).
 */
export async function scanAndSend(
  options: ScanAndSendOptions,
  note: (line: string) => void,
  print: (line: string) => void,
): Promise<number> {
  const scanned = await scanMachine({
    home: options.home,
    projects: options.projects,
    label: options.label,
    discoverProjects: options.discoverProjects,
  });
  const key = await machineFingerprintKey(options.home);
  const redacted = { ...redactSnapshot(scanned, key), machine: machineId(key) };
  const found = redacted.files.filter((f) => f.status !== 'not_found');
  const servers = found.reduce((sum, f) => sum + f.servers.length, 0);
  note(
    `found ${found.length} config files with ${servers} servers; sending the redacted entries to ${options.connection.server}`,
  );
  const { importSnapshot } = await requestGraphQL(options.connection, CliImportSnapshotDocument, {
    input: snapshotInput(redacted, options.account),
  });
  print(`Snapshot ${importSnapshot.snapshotId}: ${importSnapshot.serverCount} servers`);
  for (const file of importSnapshot.files.filter((f) => f.status !== 'not_found')) {
    print(
      `  ${file.status.padEnd(13)} ${file.client.padEnd(15)} ${file.fileName} (${file.serverCount} servers)${file.error ? `: ${file.error}` : ''}`,
    );
  }
  return importSnapshot.snapshotId;
}
