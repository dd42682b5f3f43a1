import type { Prisma } from '../../generated/prisma/client.ts';
import type { Principal } from '../../auth/principal.ts';
import type { Database } from '../../db/database.ts';
import { isDatabaseUnavailable } from '../../db/database-unavailable.ts';
import type { Logger } from '../../logger.ts';
import { storableText } from '../ingest/storable-text.ts';
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

/** Why entries were dropped: a backlog past MAX_PENDING, or an entry the database refused on its own. */
export type AuditDropReason = 'backlog' | 'refused';
export type AuditDropListener = (count: number, reason: AuditDropReason) => void;

const storable = (text: string | null | undefined) => (text === null || text === undefined ? null : storableText(text));

function principalFields(principal: Principal) {
  switch (principal.kind) {
    case 'token':
      return {
        principalKind: 'token',
        principalName: storableText(principal.name),
        tokenId: principal.tokenId,
        accountId: principal.accountId,
        environmentId: principal.environmentId,
      };
    case 'admin':
    case 'local':
      return {
        principalKind: principal.kind,
        principalName: storableText(principal.name),
        tokenId: null,
        accountId: null,
        environmentId: null,
      };
    default:
      return {
        principalKind: 'anonymous',
        principalName: 'anonymous',
        tokenId: null,
        accountId: null,
        environmentId: null,
      };
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
    private readonly onDropped: AuditDropListener = () => {},
  ) {}

  record(entry: AuditRecord): void {
    this.pending.push({
      at: new Date(),
      // Every text field is storable by construction (the rule ingest uses): caller input reaches several.
      requestId: storableText(entry.requestId),
      surface: entry.surface,
      operation: storableText(entry.operation.slice(0, 200)),
      ...principalFields(entry.principal),
      clientAddress: storable(entry.clientAddress),
      durationMs: Math.round(entry.durationMs * 100) / 100,
      outcome: storableText(entry.outcome),
      errorMessage: storable(entry.errorMessage?.slice(0, 500)),
      arguments:
        entry.arguments === undefined ? undefined : (summarizeArguments(entry.arguments) as Prisma.InputJsonValue),
    });
    if (this.pending.length > MAX_PENDING) {
      const dropped = this.pending.splice(0, this.pending.length - MAX_PENDING);
      this.logger.warn({ dropped: dropped.length }, 'audit entries dropped while the database was unavailable');
      this.onDropped(dropped.length, 'backlog');
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
        if (isDatabaseUnavailable(error)) this.retryLater(batch, error);
        else await this.writeOneByOne(batch);
      }
    });
    return this.flushing;
  }

  /** Kept for the next flush: an audit trail with a hole is worse than a late one. */
  private retryLater(entries: Prisma.AuditEntryCreateManyInput[], error: unknown): void {
    this.pending = [...entries, ...this.pending];
    this.logger.warn({ err: (error as Error).message, pending: this.pending.length }, 'audit entries not written yet');
    this.timer ??= setTimeout(() => void this.flush(), 2000);
  }

  /**
   * The database refused the batch for something in it: each entry is written alone, so one it refuses
   * is dropped (logged and counted, never re-queued to poison every later batch) and the rest are stored.
   */
  private async writeOneByOne(batch: Prisma.AuditEntryCreateManyInput[]): Promise<void> {
    for (const [index, entry] of batch.entries()) {
      try {
        await this.db.prisma.auditEntry.create({ data: entry });
      } catch (error) {
        if (isDatabaseUnavailable(error)) return this.retryLater(batch.slice(index), error);
        this.logger.error(
          { err: (error as Error).message, operation: entry.operation, requestId: entry.requestId },
          'audit entry dropped: the database refused it',
        );
        this.onDropped(1, 'refused');
      }
    }
  }

  async close(): Promise<void> {
    await this.flush();
    if (this.timer) clearTimeout(this.timer);
    this.timer = null;
  }
}
