import type { Database } from '../../db/database.ts';
import { UserInputError } from '../../errors.ts';
import { deleteBucketRollups } from './delete-bucket-rollups.ts';
import { describeReferences, hasReferences, type ReferenceCounts } from './reference-counts.ts';
import { validatedChanges, type WorkspaceChanges } from './workspace-names.ts';

export interface BucketRef {
  id: string;
  accountId: string;
  name: string;
}

const nameTaken = (db: Database, accountId: string, exceptId: string | null) => (name: string) =>
  db.prisma.bucket.findFirst({
    where: { accountId, name, ...(exceptId ? { id: { not: exceptId } } : {}) },
    select: { id: true },
  });

export async function createBucket(
  db: Database,
  input: { accountId: string; name: string; description?: string | null | undefined },
) {
  const data = await validatedChanges('Bucket', input, null, nameTaken(db, input.accountId, null));
  return db.prisma.bucket.create({
    data: { accountId: input.accountId, name: data.name!, description: data.description ?? null },
  });
}

export async function updateBucket(db: Database, bucket: BucketRef, changes: WorkspaceChanges) {
  const data = await validatedChanges('Bucket', changes, bucket.name, nameTaken(db, bucket.accountId, bucket.id));
  return db.prisma.bucket.update({ where: { id: bucket.id }, data });
}

/** An admin operation on a whole bucket's history: long, but bounded so a stuck one gives its connection back. */
const DELETE_TIMEOUT_MS = 10 * 60_000;

/** A rule or token whose every bucket is this one: losing it would leave it with none. */
const onlyThis = (id: string) => ({ buckets: { some: { id }, every: { id } } });

export async function bucketReferences(db: Database, bucketId: string): Promise<ReferenceCounts> {
  const [requests, accessTokens, events, redactionRules, exclusionRules] = await Promise.all([
    db.prisma.request.count({ where: { bucketId } }),
    db.prisma.accessToken.count({ where: { buckets: { some: { id: bucketId } } } }),
    db.prisma.event.count({ where: { bucketId } }),
    db.prisma.redactionRule.count({ where: onlyThis(bucketId) }),
    db.prisma.exclusionRule.count({ where: onlyThis(bucketId) }),
  ]);
  return { requests, accessTokens, events, rules: redactionRules + exclusionRules };
}

/**
 * Deletes a bucket. Refused while anything refers to it unless `cascade`; then its requests, rollups and
 * events go. Tokens and rules limited to it alone are revoked and deleted rather than left with no bucket,
 * because an empty bucket list means "every bucket" for a rule: deleting a bucket must never widen one.
 * Its traffic also leaves the environment-wide rollup rows, so "all buckets" answers stop counting it.
 */
export async function deleteBucket(db: Database, bucket: BucketRef, cascade: boolean) {
  const references = await bucketReferences(db, bucket.id);
  if (hasReferences(references) && !cascade) {
    throw new UserInputError(
      `Bucket "${bucket.name}" still has ${describeReferences(references)}; delete with cascade to remove them too`,
      'cascade',
    );
  }
  const where = { bucketId: bucket.id };
  await db.prisma.$transaction(
    async (tx) => {
      await tx.accessToken.updateMany({
        where: { ...onlyThis(bucket.id), revokedAt: null },
        data: { revokedAt: new Date() },
      });
      await tx.redactionRule.deleteMany({ where: onlyThis(bucket.id) });
      await tx.exclusionRule.deleteMany({ where: onlyThis(bucket.id) });
      await tx.event.deleteMany({ where });
      await tx.request.deleteMany({ where });
      await deleteBucketRollups(tx, bucket.id);
      await tx.routeRollup.deleteMany({ where });
      await tx.routeQuarterSkip.deleteMany({ where });
      await tx.bucket.delete({ where: { id: bucket.id } });
    },
    // Prisma's default is 5 s; this grows with the bucket's history (its requests, events and rollup rows).
    { timeout: DELETE_TIMEOUT_MS },
  );
  return references;
}
