import type { Prisma } from '../../generated/prisma/client.ts';
import type { Principal } from '../../auth/principal.ts';
import type { Database } from '../../db/database.ts';
import type { Logger } from '../../logger.ts';
import { summarizeArguments } from './summarize-arguments.ts';

export type AuditSurface = 'graphql' | 'mcp' | 'rest' | 'otlp';

export interface AuditRecord {
  surface: AuditSurface;
  operation: string;
  principal: Principal;
  requestId: string;
  clientAddress?: string | undefined;
  durationMs: number;
  /** "ok", or the error code the caller saw. */
  outcome: string;
  /** A coded error's user-facing message; internal detail never. */
  errorMessage?: string | null;
  arguments?: unknown;
}

const FLUSH_EVERY_MS = 200;
const FLUSH_AT = 200;
// While the database is down entries wait here; past this many the oldest are dropped (and logged).
const MAX_PENDING = 20_000;

function principalFields(principal: Principal) {
  switch (principal.kind) {
    case 'token':
      return { principalKind: 'token', principalName: principal.name, tokenId: principal.tokenId, accountId: principal.accountId, environmentId: principal.environmentId };
    case 'admin':
    case 'local':
      return { principalKind: principal.kind, principalName: principal.name, tokenId: null, accountId: null, environmentId: null };
    default:
      return { principalKind: 'anonymous', principalName: 'anonymous', tokenId: null, accountId: null, environmentId: null };
  }
}

/**
 * Records calls in batches off the request path: a call pays for building its entry, not for a write.
 * `flush` (and `close`) write what is pending, so a drained shutdown keeps every entry.
 */
export class AuditLog {
  private pending: Prisma.AuditEntryCreateManyInput[] = [];
  private timer: NodeJS.Timeout | null = null;
  private flushing: Promise<void> = Promise.resolve();

  constructor(
    private readonly db: Database,
    private readonly logger: Logger,
  ) {}

  record(entry: AuditRecord): void {
    this.pending.push({
      at: new Date(),
      requestId: entry.requestId,
      surface: entry.surface,
      operation: entry.operation.slice(0, 200),
      ...principalFields(entry.principal),
      clientAddress: entry.clientAddress ?? null,
      durationMs: Math.round(entry.durationMs * 100) / 100,
      outcome: entry.outcome,
      errorMessage: entry.errorMessage?.slice(0, 500) ?? null,
      arguments: entry.arguments === undefined ? undefined : (summarizeArguments(entry.arguments) as Prisma.InputJsonValue),
    });
    if (this.pending.length > MAX_PENDING) {
      const dropped = this.pending.splice(0, this.pending.length - MAX_PENDING);
      this.logger.warn({ dropped: dropped.length }, 'audit entries dropped while the database was unavailable');
    }
    if (this.pending.length >= FLUSH_AT) void this.flush();
    else this.timer ??= setTimeout(() => void this.flush(), FLUSH_EVERY_MS);
  }

  flush(): Promise<void> {
    if (this.timer) clearTimeout(this.timer);
    this.timer = null;
    this.flushing = this.flushing.then(async () => {
      const batch = this.pending;
      if (batch.length === 0) return;
      this.pending = [];
      try {
        await this.db.prisma.auditEntry.createMany({ data: batch });
      } catch (error) {
        // Kept for the next flush: an audit trail with a hole is worse than a late one.
        this.pending = [...batch, ...this.pending];
        this.logger.warn({ err: (error as Error).message, pending: this.pending.length }, 'audit entries not written yet');
        this.timer ??= setTimeout(() => void this.flush(), 2000);
      }
    });
    return this.flushing;
  }

  async close(): Promise<void> {
    await this.flush();
    if (this.timer) clearTimeout(this.timer);
    this.timer = null;
  }
}
