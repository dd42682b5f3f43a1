import type { ScannedSnapshot } from '../domain/inventory/scanned-snapshot.ts';
import type { ImportSnapshotInput } from '../generated/graphql.ts';

/** The `importSnapshot` input for a parsed, redacted snapshot: server entries and per-file status, never file text. */
export function snapshotInput(snapshot: ScannedSnapshot, account: string | null): ImportSnapshotInput {
  return {
    account,
    label: snapshot.label,
    machine: snapshot.machine ?? null,
    hostname: snapshot.hostname,
    platform: snapshot.platform,
    takenAt: snapshot.takenAt.toISOString(),
    files: snapshot.files.map((file) => ({
      client: file.client,
      fileName: file.fileName,
      filePath: file.filePath,
      scope: file.scope,
      status: file.status,
      error: file.error,
      servers: file.servers.map((server) => ({
        name: server.name,
        transport: server.transport,
        command: server.command,
        args: server.args,
        env: server.env,
        workingDirectory: server.workingDirectory,
        url: server.url,
        headers: server.headers,
        disabled: server.disabled,
        logFiles: server.logFiles.map((log) => ({
          path: log.path,
          sizeBytes: log.sizeBytes,
          modifiedAt: log.modifiedAt?.toISOString() ?? null,
          redactedCount: log.redactedCount ?? 0,
        })),
        secretFingerprints: server.secretFingerprints,
        redactedCount: server.redactedCount ?? 0,
      })),
    })),
  };
}
