import type { Database } from '../../db/database.ts';
import type { Prisma } from '../../generated/prisma/client.ts';
import { sanitizeText } from '../sanitizer/sanitize.ts';
import { redactServer } from './redact-server.ts';
import type { ScannedSnapshot } from './scanned-snapshot.ts';

export async function storeSnapshot(
  db: Database,
  accountId: string,
  snapshot: ScannedSnapshot,
  fingerprintSalt: string,
) {
  return db.prisma.$transaction(async (tx) => {
    const hostname = snapshot.hostname === null ? null : sanitizeText(snapshot.hostname).value;
    const created = await tx.snapshot.create({
      data: {
        accountId,
        label: snapshot.label,
        machine: snapshot.machine ?? hostname ?? '',
        hostname,
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
        // Redacted again here: nothing raw reaches the database, whichever scanner sent the snapshot.
        const { server: clean, redactedCount } = redactServer(server, fingerprintSalt);
        const stored = await tx.snapshotServer.create({
          data: {
            snapshotId: created.id,
            configFileId: configFile.id,
            serverName: clean.name,
            client: file.client,
            transport: clean.transport,
            command: clean.command,
            args: clean.args as Prisma.InputJsonValue,
            env: clean.env as Prisma.InputJsonValue,
            workingDirectory: clean.workingDirectory,
            url: clean.url,
            headers: clean.headers as Prisma.InputJsonValue,
            disabled: clean.disabled,
            secretFingerprints: clean.secretFingerprints,
            redactedCount,
          },
        });
        if (clean.logFiles.length > 0) {
          await tx.snapshotLogFile.createMany({
            data: clean.logFiles.map((log) => ({
              snapshotId: created.id,
              serverId: stored.id,
              path: log.path,
              sizeBytes: log.sizeBytes,
              modifiedAt: log.modifiedAt,
              redactedCount: log.redactedCount ?? 0,
            })),
          });
        }
        serverCount++;
      }
    }
    return { snapshotId: created.id, serverCount };
  });
}
