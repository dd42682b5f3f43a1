import path from 'node:path';
import { homedir } from 'node:os';
import { parseArgs } from 'node:util';
import { redactSnapshot } from '../../domain/inventory/redact-server.ts';
import { CLIENTS } from '../../domain/inventory/scanner/client-locations.ts';
import { machineFingerprintKey } from '../../domain/inventory/scanner/machine-key.ts';
import { scanMachine } from '../../domain/inventory/scanner/scan-machine.ts';
import { CliImportSnapshotDocument } from '../../generated/graphql.ts';
import { connectionFrom, connectionHelp, connectionOptions } from '../connection-options.ts';
import { CliError, requestGraphQL } from '../graphql-client.ts';
import { snapshotInput } from '../snapshot-input.ts';

export const snapshotHelp = `trafficgraph snapshot scan [--home DIR] [--project DIR]... [--no-project-discovery] [--label NAME] [--account NAME]
  Takes one snapshot of the MCP server configurations on this machine, for macOS, Windows and Linux layouts:
  ${CLIENTS.join(', ')}.
  Global configs under the home folder (default: yours; CLAUDE_CONFIG_DIR and CODEX_HOME are honoured), and
  project configs in each --project folder and in the projects the clients list themselves (Claude Code's
  ~/.claude.json projects, VS Code workspaces) unless --no-project-discovery.
  Files are parsed and secrets redacted on this machine; only the server entries, each file's location and
  status (ok, parse error, unknown shape) are sent — never a file's text, prompt history or account details.
  Redacted secrets are fingerprinted with a key kept in ~/.trafficgraph/fingerprint-key, so a rotated secret
  shows as changed without being sent.
${connectionHelp}`;

export async function snapshot(argv: string[]): Promise<void> {
  const [action, ...rest] = argv;
  if (action !== 'scan') throw new CliError(`Unknown snapshot action "${action ?? ''}"\n${snapshotHelp}`);
  const { values } = parseArgs({
    args: rest,
    options: {
      ...connectionOptions,
      home: { type: 'string' },
      project: { type: 'string', multiple: true },
      'no-project-discovery': { type: 'boolean', default: false },
      label: { type: 'string' },
      account: { type: 'string' },
    },
  });
  const home = path.resolve(values.home ?? homedir());
  const scanned = await scanMachine({ home, projects: values.project ?? [], label: values.label ?? null, discoverProjects: !values['no-project-discovery'] });
  const redacted = redactSnapshot(scanned, await machineFingerprintKey(home));
  const found = redacted.files.filter((f) => f.status !== 'not_found');
  const servers = found.reduce((sum, f) => sum + f.servers.length, 0);
  process.stderr.write(`found ${found.length} config files with ${servers} servers; sending the redacted entries to ${connectionFrom(values).server}\n`);
  const { importSnapshot } = await requestGraphQL(connectionFrom(values), CliImportSnapshotDocument, { input: snapshotInput(redacted, values.account ?? null) });
  console.log(`Snapshot ${importSnapshot.snapshotId}: ${importSnapshot.serverCount} servers`);
  for (const file of importSnapshot.files.filter((f) => f.status !== 'not_found')) {
    console.log(`  ${file.status.padEnd(13)} ${file.client.padEnd(15)} ${file.fileName} (${file.serverCount} servers)${file.error ? `: ${file.error}` : ''}`);
  }
}
