import { parseArgs } from 'node:util';
import { collectMachine } from '../../domain/inventory/scanner/scan-machine.ts';
import { CliImportSnapshotDocument } from '../../generated/graphql.ts';
import { connectionFrom, connectionHelp, connectionOptions } from '../connection-options.ts';
import { CliError, requestGraphQL } from '../graphql-client.ts';

export const snapshotHelp = `trafficgraph snapshot scan [--home DIR] [--project DIR]... [--label NAME] [--account NAME]
  Takes one snapshot of the MCP server configurations on this machine: Claude Desktop (macOS, Windows and
  Linux locations), Claude Code (~/.claude.json, .mcp.json), Cursor, Windsurf, VS Code (mcp.json and
  settings.json), Gemini CLI and Copilot CLI, under the home folder (default: yours) and each --project
  folder, plus Claude Desktop log file locations. The server parses the files and redacts secrets before
  storing anything; per-file problems (not found, parse error, unknown shape) are reported, not fatal.
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
      label: { type: 'string' },
      account: { type: 'string' },
    },
  });
  const collected = await collectMachine({ home: values.home, projects: values.project ?? [], label: values.label ?? null });
  const found = collected.files.filter((f) => !f.notFound);
  process.stderr.write(`found ${found.length} config files and ${collected.logFiles.length} log files; sending to ${connectionFrom(values).server}\n`);
  const { importSnapshot } = await requestGraphQL(connectionFrom(values), CliImportSnapshotDocument, {
    input: {
      account: values.account ?? null,
      label: collected.label,
      hostname: collected.hostname,
      platform: collected.platform,
      takenAt: collected.takenAt.toISOString(),
      files: collected.files.map((f) => ({ client: f.client, fileName: f.fileName, filePath: f.filePath, scope: f.scope, content: f.content, error: f.error, notFound: f.notFound })),
      logFiles: collected.logFiles.map((l) => ({ serverName: l.serverName, path: l.path, sizeBytes: l.sizeBytes, modifiedAt: l.modifiedAt?.toISOString() ?? null })),
    },
  });
  console.log(`Snapshot ${importSnapshot.snapshotId}: ${importSnapshot.serverCount} servers`);
  for (const file of importSnapshot.files.filter((f) => f.status !== 'not_found')) {
    console.log(`  ${file.status.padEnd(13)} ${file.client.padEnd(15)} ${file.fileName} (${file.serverCount} servers)${file.error ? `: ${file.error}` : ''}`);
  }
}
