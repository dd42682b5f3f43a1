import { createHmac } from 'node:crypto';
import type { Database } from '../../db/database.ts';
import type { Prisma } from '../../generated/prisma/client.ts';
import { sanitizeJson, sanitizeNamedValue, sanitizeText, type JsonValue } from '../sanitizer/sanitize.ts';
import type { ScannedServer, ScannedSnapshot } from './scanned-snapshot.ts';

/**
 * A keyed fingerprint per redacted value, so a later snapshot can tell a changed secret from an unchanged
 * one without the secret being kept. The key is per server (fingerprints do not compare across servers).
 */
function fingerprints(server: ScannedServer, salt: string): Record<string, string> {
  const out: Record<string, string> = {};
  const entries: [string, string][] = [
    ...Object.entries(server.env).map(([k, v]) => [`env.${k}`, v] as [string, string]),
    ...Object.entries(server.headers).map(([k, v]) => [`headers.${k}`, v] as [string, string]),
  ];
  for (const [key, value] of entries) {
    if (sanitizeNamedValue(key.split('.').slice(1).join('.'), value).redactions > 0) {
      out[key] = createHmac('sha256', `${salt}:${server.name}`).update(value).digest('hex').slice(0, 16);
    }
  }
  return out;
}

/** Sanitizes every field that may hold a secret or PII; nothing raw reaches the database. */
export function sanitizeServer(server: ScannedServer) {
  const args = sanitizeJson(server.args as JsonValue);
  const env = sanitizeJson(server.env as JsonValue);
  const headers = sanitizeJson(server.headers as JsonValue);
  const command = server.command === null ? null : sanitizeText(server.command);
  const cwd = server.workingDirectory === null ? null : sanitizeText(server.workingDirectory);
  const url = server.url === null ? null : sanitizeText(server.url);
  const logPaths = server.logFiles.map((log) => ({ ...log, path: sanitizeText(log.path).value }));
  const redactedCount =
    args.redactions + env.redactions + headers.redactions + (command?.redactions ?? 0) + (cwd?.redactions ?? 0) + (url?.redactions ?? 0);
  return {
    command: command?.value ?? null,
    args: args.value,
    env: env.value,
    headers: headers.value,
    workingDirectory: cwd?.value ?? null,
    url: url?.value ?? null,
    logFiles: logPaths,
    redactedCount,
  };
}

export async function storeSnapshot(db: Database, accountId: string, snapshot: ScannedSnapshot, fingerprintSalt: string) {
  return db.prisma.$transaction(async (tx) => {
    const created = await tx.snapshot.create({
      data: {
        accountId,
        label: snapshot.label,
        hostname: snapshot.hostname === null ? null : sanitizeText(snapshot.hostname).value,
        platform: snapshot.platform,
        takenAt: snapshot.takenAt,
      },
    });
    let serverCount = 0;
    for (const file of snapshot.files) {
      const configFile = await tx.snapshotConfigFile.create({
        data: {
          snapshotId: created.id,
          client: file.client,
          fileName: file.fileName,
          filePath: sanitizeText(file.filePath).value,
          scope: file.scope,
          status: file.status,
          error: file.error === null ? null : sanitizeText(file.error).value,
          serverCount: file.servers.length,
        },
      });
      for (const server of file.servers) {
        const clean = sanitizeServer(server);
        const stored = await tx.snapshotServer.create({
          data: {
            snapshotId: created.id,
            configFileId: configFile.id,
            serverName: server.name,
            client: file.client,
            transport: server.transport,
            command: clean.command,
            args: clean.args as Prisma.InputJsonValue,
            env: clean.env as Prisma.InputJsonValue,
            workingDirectory: clean.workingDirectory,
            url: clean.url,
            headers: clean.headers as Prisma.InputJsonValue,
            secretFingerprints: fingerprints(server, fingerprintSalt),
            redactedCount: clean.redactedCount,
          },
        });
        if (clean.logFiles.length > 0) {
          await tx.snapshotLogFile.createMany({
            data: clean.logFiles.map((log) => ({ snapshotId: created.id, serverId: stored.id, path: log.path, sizeBytes: log.sizeBytes, modifiedAt: log.modifiedAt })),
          });
        }
        serverCount++;
      }
    }
    return { snapshotId: created.id, serverCount };
  });
}
