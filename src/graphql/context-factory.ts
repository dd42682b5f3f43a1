import { randomUUID } from 'node:crypto';
import { dataAccessFor } from '../auth/data-access.ts';
import type { Principal } from '../auth/principal.ts';
import type { Database } from '../db/database.ts';
import type { GraphQLContext } from './context.ts';

export interface ContextDependencies {
  db: Database;
  retentionDays: number;
  ingest?: { maxRecords: number; maxBodyBytes: number };
}

const DEFAULT_INGEST_LIMITS = { maxRecords: 5000, maxBodyBytes: 65_536 };

/** The one way a context is made, for yoga and for in-process execution alike. */
export function createContext(deps: ContextDependencies, principal: Principal, requestId: string = randomUUID()): GraphQLContext {
  return {
    principal,
    access: dataAccessFor(principal),
    db: deps.db,
    requestId,
    limits: { retentionDays: deps.retentionDays, ingest: deps.ingest ?? DEFAULT_INGEST_LIMITS },
  };
}
