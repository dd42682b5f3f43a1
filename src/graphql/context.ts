import type { DataAccess } from '../auth/data-access.ts';
import type { Principal } from '../auth/principal.ts';
import type { Database } from '../db/database.ts';
import type { AuditLog, AuditSurface } from '../domain/audit/audit-log.ts';
import type { PurgedBefore } from '../domain/retention/purged-before.ts';
import type { AppMetrics } from '../observability/app-metrics.ts';
import type { RateLimitRefusal } from '../http/rate-limit/rate-limit-policy.ts';

/** What every resolver gets. Built once per operation, for every surface (GraphQL, MCP, REST). */
export interface GraphQLContext {
  principal: Principal;
  access: DataAccess;
  db: Database;
  requestId: string;
  clientAddress: string | undefined;
  surface: AuditSurface;
  audit: AuditLog | undefined;
  metrics: AppMetrics | undefined;
  /**
   * Spends the caller's ingest records budget; set on /graphql only. REST ingest and OTLP pay before they
   * run ingestRequests (they answer 413/429 in their own shapes), so their contexts leave it unset.
   */
  spendIngestBudget: ((records: number) => Promise<RateLimitRefusal | null>) | undefined;
  /**
   * The cut-offs purges applied, read from the database once per operation (on first use) so every answer
   * of one operation judges retention alike. Not cached longer: a purge on any instance records them before
   * it deletes, so an operation that reads them after that sees them. One that read them before may still run
   * its raw reads after the purge deleted rows (a purge racing a read, as with now − RETENTION_DAYS moving).
   */
  purgedBefore: () => Promise<PurgedBefore>;
  /** Limits from configuration that resolvers enforce. */
  limits: { retentionDays: number; rollupRetentionDays: number; ingest: { maxRecords: number; maxBodyBytes: number } };
}
