/** The answer for one request against one key: allowed, or how long until the window resets. */
export interface RateVerdict {
  allowed: boolean;
  retryAfterSeconds: number;
}

/** Fixed one-minute windows per key. */
export interface RateLimiter {
  /** Counts one request; every request counts, refused or not. */
  hit(key: string, limit: number, windowMs: number): Promise<RateVerdict>;
  /** Counts `amount` units (e.g. records) only when they all fit in what is left: a refused batch costs nothing. */
  spend(key: string, amount: number, limit: number, windowMs: number): Promise<RateVerdict>;
  close(): Promise<void>;
}

export function verdict(count: number, limit: number, msLeft: number): RateVerdict {
  return { allowed: count <= limit, retryAfterSeconds: Math.max(1, Math.ceil(msLeft / 1000)) };
}

/** One process's counters; old windows are swept so the map holds only live keys. */
export class MemoryRateLimiter implements RateLimiter {
  private readonly windows = new Map<string, { count: number; resetAt: number }>();
  private readonly sweeper: NodeJS.Timeout;

  constructor(sweepEveryMs = 60_000) {
    this.sweeper = setInterval(() => {
      const now = Date.now();
      for (const [key, window] of this.windows) if (window.resetAt <= now) this.windows.delete(key);
    }, sweepEveryMs);
    this.sweeper.unref();
  }

  private window(key: string, windowMs: number, now: number): { count: number; resetAt: number } {
    let window = this.windows.get(key);
    if (!window || window.resetAt <= now) {
      window = { count: 0, resetAt: now + windowMs };
      this.windows.set(key, window);
    }
    return window;
  }

  async hit(key: string, limit: number, windowMs: number): Promise<RateVerdict> {
    const now = Date.now();
    const window = this.window(key, windowMs, now);
    window.count += 1;
    return verdict(window.count, limit, window.resetAt - now);
  }

  async spend(key: string, amount: number, limit: number, windowMs: number): Promise<RateVerdict> {
    const now = Date.now();
    const window = this.window(key, windowMs, now);
    if (window.count + amount > limit) return verdict(limit + 1, limit, window.resetAt - now);
    window.count += amount;
    return verdict(window.count, limit, window.resetAt - now);
  }

  async close(): Promise<void> {
    clearInterval(this.sweeper);
  }
}
