/** What a scan of one machine found, after parsing and before storing; also the shape a scanning machine sends. */
export interface ScannedServer {
  name: string;
  transport: 'stdio' | 'http' | 'sse' | 'websocket';
  command: string | null;
  args: string[];
  env: Record<string, string>;
  workingDirectory: string | null;
  url: string | null;
  headers: Record<string, string>;
  /** The client is told not to start it (`disabled: true`, `enabled: false`). */
  disabled: boolean;
  /** Log files found for this server (locations only). */
  logFiles: ScannedLogFile[];
  /**
   * Keyed fingerprints of the secret values redacted on the scanning machine (`env.NAME`, `headers.NAME`), so a
   * later snapshot of the same machine can tell a rotated secret from an unchanged one without either being sent.
   */
  secretFingerprints: Record<string, string>;
  /**
   * Redactions the sanitizers already made in its values (the scanning machine's), as they counted them:
   * placeholders left in the text cannot tell a redaction from a user who typed one. Absent from a raw scan.
   */
  redactedCount?: number;
}

/** A log file's location, never its contents. */
export interface ScannedLogFile {
  path: string;
  sizeBytes: number | null;
  modifiedAt: Date | null;
  /**
   * Redactions the sanitizers already made in `path` (the scanning machine's), as they counted them: a
   * placeholder left in the text cannot tell a redaction from a user who typed one. Absent from a raw scan.
   */
  redactedCount?: number;
}

export type ConfigFileStatus = 'ok' | 'not_found' | 'parse_error' | 'unknown_shape';

export interface ScannedConfigFile {
  client: string;
  fileName: string;
  filePath: string;
  scope: 'global' | 'project';
  status: ConfigFileStatus;
  error: string | null;
  servers: ScannedServer[];
}

export interface ScannedSnapshot {
  label: string | null;
  /**
   * Which machine took it: a keyed id derived from the scanning machine's fingerprint key, so status and drift are
   * kept per machine without naming it. Absent from older scanners; the hostname stands in then.
   */
  machine?: string | null;
  hostname: string | null;
  platform: string | null;
  takenAt: Date;
  files: ScannedConfigFile[];
}
