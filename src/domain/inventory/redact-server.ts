import { createHmac } from 'node:crypto';
import {
  type JsonValue,
  sanitizeJson,
  sanitizeNamedValue,
  sanitizeText,
  sanitizeValue,
} from '../sanitizer/sanitize.ts';
import type { ScannedLogFile, ScannedServer, ScannedSnapshot } from './scanned-snapshot.ts';

const FINGERPRINT = /^[0-9a-f]{16}$/;
const FINGERPRINT_KEY = /^(env|headers)\..{1,200}$/;

/**
 * A keyed fingerprint per redacted value, so a later snapshot can tell a changed secret from an unchanged one
 * without the secret being kept. The key is per server name (fingerprints do not compare across servers).
 */
function fingerprints(server: ScannedServer, key: string): Record<string, string> {
  const out: Record<string, string> = {};
  const entries: [string, string, string][] = [
    ...Object.entries(server.env).map(([name, value]) => [`env.${name}`, name, value] as [string, string, string]),
    ...Object.entries(server.headers).map(
      ([name, value]) => [`headers.${name}`, name, value] as [string, string, string],
    ),
  ];
  for (const [field, name, value] of entries) {
    if (sanitizeNamedValue(name, value).redactions > 0)
      out[field] = createHmac('sha256', `${key}:${server.name}`).update(value).digest('hex').slice(0, 16);
  }
  return out;
}

/** Its path sanitized, and the redactions counted on top of those an earlier pass (the scanner's) made. */
function redactLogFile(log: ScannedLogFile): ScannedLogFile {
  const path = sanitizeText(log.path);
  return { ...log, path: path.value, redactedCount: (log.redactedCount ?? 0) + path.redactions };
}

const strings = (value: JsonValue): string[] =>
  Array.isArray(value) ? value.map((item) => (typeof item === 'string' ? item : JSON.stringify(item))) : [];
const stringMap = (value: JsonValue): Record<string, string> =>
  typeof value === 'object' && value !== null && !Array.isArray(value)
    ? Object.fromEntries(Object.entries(value).map(([k, v]) => [k, typeof v === 'string' ? v : JSON.stringify(v)]))
    : {};

/**
 * Redacts every field of a server that may hold a secret or PII, name included. It runs on the scanning machine
 * before anything is sent, and again on the server before anything is stored (a scanner of another version may
 * know fewer detectors). Fingerprints already computed by the scanner are kept; values redacted only now get one.
 */
export function redactServer(
  server: ScannedServer,
  fingerprintKey: string,
): { server: ScannedServer; redactedCount: number } {
  // Lone values, judged by place and shape as well as by format (a secret in a server name or URL path).
  const name = sanitizeValue(server.name);
  const args = sanitizeJson(server.args);
  const env = sanitizeJson(server.env);
  const headers = sanitizeJson(server.headers);
  const command = server.command === null ? null : sanitizeValue(server.command);
  const cwd = server.workingDirectory === null ? null : sanitizeValue(server.workingDirectory);
  const url = server.url === null ? null : sanitizeValue(server.url);
  const given = Object.entries(server.secretFingerprints).filter(
    ([field, value]) => FINGERPRINT_KEY.test(field) && FINGERPRINT.test(value),
  );
  // On top of what an earlier pass (the scanner's) counted: its placeholders are not counted again here.
  const redactedCount =
    (server.redactedCount ?? 0) +
    name.redactions +
    args.redactions +
    env.redactions +
    headers.redactions +
    (command?.redactions ?? 0) +
    (cwd?.redactions ?? 0) +
    (url?.redactions ?? 0);
  return {
    server: {
      name: name.value,
      transport: server.transport,
      command: command?.value ?? null,
      args: strings(args.value),
      env: stringMap(env.value),
      headers: stringMap(headers.value),
      workingDirectory: cwd?.value ?? null,
      url: url?.value ?? null,
      disabled: server.disabled,
      logFiles: server.logFiles.map(redactLogFile),
      secretFingerprints: { ...Object.fromEntries(given), ...fingerprints(server, fingerprintKey) },
      redactedCount,
    },
    redactedCount,
  };
}

/** The whole snapshot as the scanning machine sends it: servers redacted, paths and hostname stripped of PII. */
export function redactSnapshot(snapshot: ScannedSnapshot, fingerprintKey: string): ScannedSnapshot {
  return {
    ...snapshot,
    hostname: snapshot.hostname === null ? null : sanitizeText(snapshot.hostname).value,
    files: snapshot.files.map((file) => ({
      ...file,
      filePath: sanitizeText(file.filePath).value,
      error: file.error === null ? null : sanitizeText(file.error).value,
      servers: file.servers.map((server) => redactServer(server, fingerprintKey).server),
    })),
  };
}
