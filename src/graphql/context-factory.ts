import { randomUUID } from 'node:crypto';
import { dataAccessFor } from '../auth/data-access.ts';
import type { Principal } from '../auth/principal.ts';
import type { Database } from '../db/database.ts';
import type { AuditLog, AuditSurface } from '../domain/audit/audit-log.ts';
import { readPurgedBefore, type PurgedBefore } from '../domain/retention/purged-before.ts';
import type { AppMetrics } from '../observability/app-metrics.ts';
import { currentRequestScope } from '../request-scope.ts';
import type { GraphQLContext } from './context.ts';

export interface ContextDependencies {
  db: Database;
  retentionDays: number;
  /** How far back rollup-answered ranges reach; ROLLUP_RETENTION_DAYS' default when absent. */
  rollupRetentionDays?: number;
  ingest?: { maxRecords: number; maxBodyBytes: number };
  /** Where mutations are recorded; absent in tools and tests that audit nothing. */
  audit?: AuditLog;
  metrics?: AppMetrics;
}

export interface ContextOptions {
  /** The surface the operation came in through, as the audit log names it. */
  surface?: AuditSurface;
  /** See GraphQLContext.spendIngestBudget. */
  spendIngestBudget?: GraphQLContext['spendIngestBudget'];
}

const DEFAULT_ROLLUP_RETENTION_DAYS = 400;
const DEFAULT_INGEST_LIMITS = { maxRecords: 5000, maxBodyBytes: 65_536 };

/** The one way a context is made, for yoga and for in-process execution alike. */
export function createContext(
  deps: ContextDependencies,
  principal: Principal,
  options: ContextOptions = {},
): GraphQLContext {
  const scope = currentRequestScope();
  let purged: Promise<PurgedBefore> | undefined;
  return {
    principal,
    access: dataAccessFor(principal),
    db: deps.db,
    requestId: scope?.requestId ?? randomUUID(),
    clientAddress: scope?.clientAddress,
    surface: options.surface ?? 'graphql',
    audit: deps.audit,
    metrics: deps.metrics,
    spendIngestBudget: options.spendIngestBudget,
    purgedBefore: () => {
      purged ??= readPurgedBefore(deps.db.sql);
      return purged;
    },
    limits: {
      retentionDays: deps.retentionDays,
      rollupRetentionDays: deps.rollupRetentionDays ?? Math.max(DEFAULT_ROLLUP_RETENTION_DAYS, deps.retentionDays),
      ingest: deps.ingest ?? DEFAULT_INGEST_LIMITS,
    },
  };
}
