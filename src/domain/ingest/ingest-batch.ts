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
export async function loadBatchRules(db: Database, accountId: string): Promise<BatchRules> {
  const [row] = await db.sql.query<{ buckets: BatchRules['buckets']; exclusions: ExclusionRuleRow[]; redactions: RedactionRuleRow[] }>(BATCH_RULES_SQL, [accountId]);
  return {
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
  const rules = await loadBatchRules(db, target.accountId);
  const { records, outcome, exclusionHits, redactionHits } = prepareBatch(target, rules, raw, limits);

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
