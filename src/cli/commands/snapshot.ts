import { parseArgs } from 'node:util';
import { CLIENTS } from '../../domain/inventory/scanner/client-locations.ts';
import { connectionFrom, connectionHelp, connectionOptions } from '../connection-options.ts';
import { CliError } from '../graphql-client.ts';
import { scanAndSend, scanFlags, scanOptionsFrom } from '../scan-and-send.ts';

export const snapshotHelp = `trafficgraph snapshot scan [--home DIR] [--project DIR]... [--no-project-discovery] [--label NAME] [--account NAME]
  Takes one snapshot of the MCP server configurations on this machine, for macOS, Windows and Linux layouts:
  ${CLIENTS.join(', ')}.
  Global configs under the home folder (default: yours; CLAUDE_CONFIG_DIR and CODEX_HOME are honoured), and
  project configs in each --project folder and in the projects the clients list themselves (Claude Code's
  ~/.claude.json projects, VS Code workspaces) unless --no-project-discovery.
  Files are parsed and secrets redacted on this machine; only the server entries, each file's location and
  status (ok, parse error, unknown shape) are sent — never a file's text, prompt history or account details.
  Redacted secrets are fingerprinted with a key kept in ~/.trafficgraph/fingerprint-key, so a rotated secret
  shows as changed without being sent; the snapshot is filed under a machine id derived from that key.
  On machines without a clone, the server's own copy of this scanner does the same:
    curl -fsS URL/api/v1/scanner.mjs | node - --server URL --token T   (a token with inventory:write is enough)
${connectionHelp}`;

export async function snapshot(argv: string[]): Promise<void> {
  const [action, ...rest] = argv;
  if (action !== 'scan') throw new CliError(`Unknown snapshot action "${action ?? ''}"\n${snapshotHelp}`);
  const { values } = parseArgs({
    args: rest,
    options: {
      ...connectionOptions,
      ...scanFlags,
    },
  });
  await scanAndSend(
    scanOptionsFrom(values, connectionFrom(values)),
    (line) => process.stderr.write(`${line}\n`),
    (line) => console.log(line),
  );
}
