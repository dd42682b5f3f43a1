import { EventEmitter } from 'node:events';
import type { McpSessionRecord, MessageBus, SessionStore } from './session-store.ts';

export class MemorySessionStore implements SessionStore {
  private readonly sessions = new Map<string, { record: McpSessionRecord; expiresAt: number }>();

  /** `now` in milliseconds: injected by tests so idle expiry is checked without waiting for it. */
  constructor(private readonly now: () => number = Date.now) {}

  async create(record: McpSessionRecord, idleSeconds: number) {
    this.sweep();
    this.sessions.set(record.id, { record, expiresAt: this.now() + idleSeconds * 1000 });
  }

  async touch(id: string, idleSeconds: number) {
    const entry = this.sessions.get(id);
    if (!entry || entry.expiresAt <= this.now()) {
      this.sessions.delete(id);
      return null;
    }
    entry.expiresAt = this.now() + idleSeconds * 1000;
    return entry.record;
  }

  async delete(id: string) {
    return this.sessions.delete(id);
  }

  private sweep() {
    const now = this.now();
    for (const [id, entry] of this.sessions) if (entry.expiresAt <= now) this.sessions.delete(id);
  }
}

export class MemoryMessageBus implements MessageBus {
  private readonly emitter = new EventEmitter().setMaxListeners(0);

  async publish(sessionId: string, message: string) {
    return this.emitter.emit(sessionId, message);
  }

  async subscribe(sessionId: string, onMessage: (message: string) => void) {
    this.emitter.on(sessionId, onMessage);
    return async () => {
      this.emitter.off(sessionId, onMessage);
    };
  }
}
