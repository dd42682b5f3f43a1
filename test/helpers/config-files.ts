import { snapshotInput } from '../../src/cli/snapshot-input.ts';
import type { ScannedConfigFile } from '../../src/domain/inventory/scanned-snapshot.ts';
import type { ConfigShape } from '../../src/domain/inventory/scanner/config-shapes.ts';
import { parseConfigFile } from '../../src/domain/inventory/scanner/parse-config.ts';
import type { ImportSnapshotFileInput } from '../../src/generated/graphql.ts';

export interface ConfigFileFixture {
  client: string;
  fileName: string;
  filePath: string;
  scope?: 'global' | 'project';
  /** The file's text, parsed here as the scanner would on the scanning machine. */
  content: string;
  shape?: ConfigShape;
  /** Log file paths found for a server, by server name. */
  logs?: Record<string, string[]>;
}

/** A config file as the scanner reports it, parsed from its text (nothing is redacted yet). */
export function scannedFile(fixture: ConfigFileFixture): ScannedConfigFile {
  const { client, fileName, filePath, scope = 'global', content, shape = 'mcpServers', logs = {} } = fixture;
  const parsed = parseConfigFile(content, shape);
  for (const server of parsed.servers)
    server.logFiles = (logs[server.name] ?? []).map((path) => ({ path, sizeBytes: null, modifiedAt: null }));
  return { client, fileName, filePath, scope, ...parsed };
}

/** The same file as `importSnapshot` input, the way the CLI sends it. */
export function fileInput(fixture: ConfigFileFixture): ImportSnapshotFileInput {
  return snapshotInput(
    { label: null, hostname: null, platform: null, takenAt: new Date(0), files: [scannedFile(fixture)] },
    null,
  ).files[0]!;
}
