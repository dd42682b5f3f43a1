import type { Database } from '../../db/database.ts';
import { UserInputError } from '../../errors.ts';
import type { EnvironmentRef } from '../accounts/resolve-environment.ts';
import { describeReferences, hasReferences, type ReferenceCounts } from './reference-counts.ts';
import { validatedChanges, type WorkspaceChanges } from './workspace-names.ts';

const nameTaken = (db: Database, accountId: string, exceptId: string | null) => (name: string) =>
  db.prisma.environment.findFirst({
    where: { accountId, name, ...(exceptId ? { id: { not: exceptId } } : {}) },
    select: { id: true },
  });

export async function createEnvironment(
  db: Database,
  input: { accountId: string; name: string; description?: string | null | undefined },
) {
  const data = await validatedChanges('Environment', input, null, nameTaken(db, input.accountId, null));
  return db.prisma.environment.create({
    data: { accountId: input.accountId, name: data.name!, description: data.description ?? null },
  });
}

export async function updateEnvironment(db: Database, environment: EnvironmentRef, changes: WorkspaceChanges) {
  const data = await validatedChanges(
    'Environment',
    changes,
    environment.name,
    nameTaken(db, environment.accountId, environment.id),
  );
  return db.prisma.environment.update({ where: { id: environment.id }, data });
}

export async function environmentReferences(db: Database, environmentId: string): Promise<ReferenceCounts> {
  const [requests, accessTokens, events] = await Promise.all([
    db.prisma.request.count({ where: { environmentId } }),
    db.prisma.accessToken.count({ where: { environmentId } }),
    db.prisma.event.count({ where: { environmentId } }),
  ]);
  return { requests, accessTokens, events, rules: 0 };
}

/**
 * Deletes an environment. While requests, tokens or events refer to it this is refused (saying how many)
 * unless `cascade`; then its requests and rollups go too, and its tokens and events with it (foreign keys).
 */
export async function deleteEnvironment(db: Database, environment: EnvironmentRef, cascade: boolean) {
  const references = await environmentReferences(db, environment.id);
  if (hasReferences(references) && !cascade) {
    throw new UserInputError(
      `Environment "${environment.name}" still has ${describeReferences(references)}; delete with cascade to remove them too`,
      'cascade',
    );
  }
  const where = { environmentId: environment.id };
  await db.prisma.$transaction(async (tx) => {
    await tx.request.deleteMany({ where });
    await tx.requestRollup.deleteMany({ where });
    await tx.latencyHistogram.deleteMany({ where });
    await tx.errorRollup.deleteMany({ where });
    await tx.routeRollup.deleteMany({ where });
    await tx.routeQuarterSkip.deleteMany({ where });
    await tx.environment.delete({ where: { id: environment.id } });
  });
  return references;
}
