import type { DataAccess } from '../auth/data-access.ts';
import type { Principal } from '../auth/principal.ts';
import type { Database } from '../db/database.ts';
import type { AuditLog, AuditSurface } from '../domain/audit/audit-log.ts';
import type { AppMetrics } from '../observability/app-metrics.ts';

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
  /** Limits from configuration that resolvers enforce. */
  limits: { retentionDays: number; rollupRetentionDays: number; ingest: { maxRecords: number; maxBodyBytes: number } };
}
