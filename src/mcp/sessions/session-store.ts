import { ServiceUnavailableError } from '../../errors.ts';

/** What must survive across instances for an MCP session: who opened it, and which transport it uses. */
export interface McpSessionRecord {
  id: string;
  /** SHA-256 of the bearer token that opened the session; only that token may continue it. */
  tokenHash: string;
  transport: 'streamable-http' | 'sse';
  protocolVersion: string | null;
  createdAt: number;
}

/** Session state behind one interface: in memory for one process, Redis for many. */
export interface SessionStore {
  create(record: McpSessionRecord, idleSeconds: number): Promise<void>;
  /** The record, extending its idle expiry; null when unknown or expired. */
  touch(id: string, idleSeconds: number): Promise<McpSessionRecord | null>;
  delete(id: string): Promise<boolean>;
}

/** Delivers legacy SSE messages to whichever instance holds the stream. */
export interface MessageBus {
  /** False when no instance holds a stream for the session. */
  publish(sessionId: string, message: string): Promise<boolean>;
  subscribe(sessionId: string, onMessage: (message: string) => void): Promise<() => Promise<void>>;
}

// Sessions come back as soon as Redis does; a client retrying sooner than the database's 5 s is fine.
const SESSION_STORE_RETRY_SECONDS = 2;

/** Redis is unreachable: the caller gets a 503 to retry; `detail` (Redis' own words) goes to the log only. */
export class SessionStoreUnavailableError extends ServiceUnavailableError {
  constructor(readonly detail: string) {
    super('Session store unavailable; retry shortly', SESSION_STORE_RETRY_SECONDS);
  }
}
