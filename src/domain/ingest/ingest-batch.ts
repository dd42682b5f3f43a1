import type { Database } from '../../db/database.ts';
import type { SqlClient } from '../../db/sql-client.ts';
import { LimitExceededError } from '../../errors.ts';
import {
  prepareBatch,
  type BatchRules,
  type BucketRuleHits,
  type IngestLimits,
  type IngestOutcome,
  type IngestTarget,
} from './prepare-batch.ts';
import { compileExclusionRules } from './rules/exclusion-rules.ts';
import { compileRedactionRules } from './rules/redaction-rules.ts';
import { storeRequests } from './store-requests.ts';

export type { IngestLimits, IngestOutcome, IngestTarget } from './prepare-batch.ts';

/**
 * One statement per rule table, however many rules and buckets matched: fewer round trips while the rows are
 * locked. It adds to each rule's total (what the server admin sees) and to its count in this environment and
 * bucket (what a bucket-limited caller sees). Rows go in sorted so concurrent batches lock the same rules in the
 * same order and cannot deadlock; a per-bucket row is written only through a rule row this statement has
 * locked (the join on `totals`), so per-bucket rows add no lock order of their own, and a rule deleted
 * meanwhile gets no orphan row.
 */
export async function addHits(
  tx: SqlClient,
  table: 'ExclusionRule' | 'RedactionRule',
  environmentId: string,
  hits: BucketRuleHits,
): Promise<void> {
  const rows = [...hits].flatMap(([bucketId, perRule]) => [...perRule].map(([ruleId, n]) => ({ ruleId, bucketId, n })));
  if (rows.length === 0) return;
  rows.sort((a, b) => (a.ruleId !== b.ruleId ? (a.ruleId < b.ruleId ? -1 : 1) : a.bucketId < b.bucketId ? -1 : 1));
  await tx.query(
    `WITH h AS (SELECT * FROM unnest($1::text[], $2::text[], $3::int[]) AS h("ruleId", "bucketId", n)),
     totals AS (
       UPDATE "${table}" AS r SET "hitCount" = r."hitCount" + t.n
       FROM (SELECT "ruleId", sum(n)::bigint AS n FROM h GROUP BY "ruleId" ORDER BY "ruleId") AS t
       WHERE r.id = t."ruleId" RETURNING r.id)
     INSERT INTO "${table}Hits" AS x ("ruleId", "environmentId", "bucketId", count)
     SELECT h."ruleId", $4::text, h."bucketId", h.n FROM h JOIN totals ON totals.id = h."ruleId" ORDER BY h."ruleId", h."bucketId"
     ON CONFLICT ("ruleId", "environmentId", "bucketId") DO UPDATE SET count = x.count + excluded.count`,
    [rows.map((r) => r.ruleId), rows.map((r) => r.bucketId), rows.map((r) => r.n), environmentId],
  );
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
export async function loadBatchRules(
  db: Database,
  accountId: string,
  environmentId: string | null = null,
): Promise<BatchRules> {
  const [row] = await db.sql.query<{
    createsBuckets: boolean;
    buckets: BatchRules['buckets'];
    exclusions: ExclusionRuleRow[];
    redactions: RedactionRuleRow[];
  }>(BATCH_RULES_SQL, [accountId, environmentId]);
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
export async function ingestBatch(
  db: Database,
  target: IngestTarget,
  raw: readonly unknown[],
  limits: IngestLimits,
): Promise<IngestOutcome> {
  if (raw.length > limits.maxRecords)
    throw new LimitExceededError(`a batch holds at most ${limits.maxRecords} records (got ${raw.length}); split it`);
  let rules = await loadBatchRules(db, target.accountId, target.environmentId);
  let prepared = prepareBatch(target, rules, raw, limits);
  // Only a caller allowed every bucket may add one; the batch is then prepared again against the new list.
  if (prepared.unknownBuckets.size > 0 && rules.createsBuckets && target.allowedBucketIds === null) {
    await db.prisma.bucket.createMany({
      data: [...prepared.unknownBuckets].map((name) => ({ accountId: target.accountId, name })),
      skipDuplicates: true,
    });
    rules = await loadBatchRules(db, target.accountId, target.environmentId);
    prepared = prepareBatch(target, rules, raw, limits);
  }
  const { records, outcome, exclusionHits, redactionHits } = prepared;

  const stored = await db.sql.transaction(async (tx) => {
    const ids = await storeRequests(tx, records);
    await addHits(tx, 'ExclusionRule', target.environmentId, exclusionHits);
    await addHits(tx, 'RedactionRule', target.environmentId, redactionHits);
    return ids;
  });
  await db.noteBulkWrite(stored.length);
  outcome.accepted = stored.length;
  outcome.duplicates = records.length - stored.length;
  return outcome;
}
