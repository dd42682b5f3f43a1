import type { ServerResponse } from 'node:http';

/**
 * Long-lived responses (SSE streams) that never finish on their own: a draining server ends them at once
 * instead of waiting out its grace period for them.
 */
export class StreamRegistry {
  private readonly open = new Set<ServerResponse>();

  constructor(private readonly onCountChange: (count: number) => void = () => {}) {}

  track(res: ServerResponse): void {
    this.open.add(res);
    this.onCountChange(this.open.size);
    res.on('close', () => {
      this.open.delete(res);
      this.onCountChange(this.open.size);
    });
  }

  endAll(): void {
    for (const res of this.open) res.end();
    this.open.clear();
  }
}
