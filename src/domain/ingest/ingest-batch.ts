import type { Database } from '../../db/database.ts';
import type { SqlClient } from '../../db/sql-client.ts';
import { UserInputError } from '../../errors.ts';
import { prepareBatch, type BatchRules, type IngestLimits, type IngestOutcome, type IngestTarget } from './prepare-batch.ts';
import { compileExclusionRules } from './rules/exclusion-rules.ts';
import { compileRedactionRules } from './rules/redaction-rules.ts';
import { storeRequests } from './store-requests.ts';

export type { IngestLimits, IngestOutcome, IngestTarget } from './prepare-batch.ts';

/**
 * One statement per rule table, however many rules matched: fewer round trips while the rows are locked.
 * Ids go in sorted so concurrent batches lock the same rules in the same order and cannot deadlock.
 */
async function addHits(tx: SqlClient, table: 'ExclusionRule' | 'RedactionRule', hits: ReadonlyMap<string, number>): Promise<void> {
  if (hits.size === 0) return;
  const sorted = [...hits].sort(([a], [b]) => (a < b ? -1 : 1));
  await tx.query(`UPDATE "${table}" AS r SET "hitCount" = r."hitCount" + h.n FROM unnest($1::text[], $2::int[]) AS h(id, n) WHERE r.id = h.id`, [
    sorted.map(([id]) => id),
    sorted.map(([, n]) => n),
  ]);
}

type ExclusionRuleRow = Parameters<typeof compileExclusionRules>[0][number];
type RedactionRuleRow = Parameters<typeof compileRedactionRules>[0][number];

// One round trip for every batch, without Prisma: loading rules through it cost 5-7 ms a batch (measured).
const BATCH_RULES_SQL = `
SELECT
  coalesce((SELECT e."createsBucketsOnFirstSight" FROM "Environment" e WHERE e.id = $2::text), false) AS "createsBuckets",
  (SELECT coalesce(json_agg(json_build_object('id', b.id, 'name', b.name)), '[]') FROM "Bucket" b WHERE b."accountId" = $1) AS buckets,
  (SELECT coalesce(json_agg(json_build_object(
      'id', r.id, 'method', r.method, 'host', r.host, 'pathPattern', r."pathPattern", 'pathPatternKind', r."pathPatternKind",
      'userAgentContains', r."userAgentContains", 'status', r.status,
      'bucketIds', (SELECT coalesce(json_agg(rb."A"), '[]') FROM "_ExclusionRuleBuckets" rb WHERE rb."B" = r.id)
    ) ORDER BY r."createdAt", r.id), '[]')
    FROM "ExclusionRule" r WHERE r."accountId" = $1 AND r.enabled) AS exclusions,
  (SELECT coalesce(json_agg(json_build_object(
      'id', r.id, 'target', r.target, 'selector', r.selector, 'maskStyle', r."maskStyle", 'placeholder', r.placeholder,
      'bucketIds', (SELECT coalesce(json_agg(rb."A"), '[]') FROM "_RedactionRuleBuckets" rb WHERE rb."B" = r.id)
    ) ORDER BY r."createdAt", r.id), '[]')
    FROM "RedactionRule" r WHERE r."accountId" = $1 AND r.enabled) AS redactions`;

/** The account's buckets and its enabled rules in creation order, compiled once for a batch. */
export async function loadBatchRules(db: Database, accountId: string, environmentId: string | null = null): Promise<BatchRules> {
  const [row] = await db.sql.query<{ createsBuckets: boolean; buckets: BatchRules['buckets']; exclusions: ExclusionRuleRow[]; redactions: RedactionRuleRow[] }>(
    BATCH_RULES_SQL,
    [accountId, environmentId],
  );
  return {
    createsBuckets: row!.createsBuckets,
    buckets: row!.buckets,
    excludedBy: compileExclusionRules(row!.exclusions),
    redact: compileRedactionRules(row!.redactions),
  };
}

/**
 * The capture pipeline: load the account's buckets and enabled rules, prepare the batch (prepareBatch),
 * then store every accepted record and the rules' hit counts in one transaction: a batch is stored whole
 * or not at all.
 */
export async function ingestBatch(db: Database, target: IngestTarget, raw: readonly unknown[], limits: IngestLimits): Promise<IngestOutcome> {
  if (raw.length > limits.maxRecords) throw new UserInputError(`a batch holds at most ${limits.maxRecords} records (got ${raw.length})`, 'records');
  let rules = await loadBatchRules(db, target.accountId, target.environmentId);
  let prepared = prepareBatch(target, rules, raw, limits);
  // Only a caller allowed every bucket may add one; the batch is then prepared again against the new list.
  if (prepared.unknownBuckets.size > 0 && rules.createsBuckets && target.allowedBucketIds === null) {
    await db.prisma.bucket.createMany({ data: [...prepared.unknownBuckets].map((name) => ({ accountId: target.accountId, name })), skipDuplicates: true });
    rules = await loadBatchRules(db, target.accountId, target.environmentId);
    prepared = prepareBatch(target, rules, raw, limits);
  }
  const { records, outcome, exclusionHits, redactionHits } = prepared;

  const stored = await db.sql.transaction(async (tx) => {
    const ids = await storeRequests(tx, records);
    await addHits(tx, 'ExclusionRule', exclusionHits);
    await addHits(tx, 'RedactionRule', redactionHits);
    return ids;
  });
  await db.noteBulkWrite(stored.length);
  outcome.accepted = stored.length;
  outcome.duplicates = records.length - stored.length;
  return outcome;
}
