/** What a scan of one machine found, before sanitizing and storing; also the shape a remote machine sends. */
export interface ScannedServer {
  name: string;
  transport: 'stdio' | 'http' | 'sse';
  command: string | null;
  args: string[];
  env: Record<string, string>;
  workingDirectory: string | null;
  url: string | null;
  headers: Record<string, string>;
  /** Log files found for this server (locations only). */
  logFiles: { path: string; sizeBytes: number | null; modifiedAt: Date | null }[];
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
  hostname: string | null;
  platform: string | null;
  takenAt: Date;
  files: ScannedConfigFile[];
}
