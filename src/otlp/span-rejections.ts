const MAX_REASONS = 5;

/** Spans refused by one export, counted by reason, for partial_success' rejected_spans and error_message. */
export class SpanRejections {
  private readonly countByReason = new Map<string, number>();
  count = 0;

  add(reason: string, spans = 1): void {
    if (spans <= 0) return;
    this.count += spans;
    this.countByReason.set(reason, (this.countByReason.get(reason) ?? 0) + spans);
  }

  /** The most frequent reasons first, each with its count; the rest summed, so the message stays short. */
  message(): string {
    if (this.count === 0) return '';
    const reasons = [...this.countByReason].sort((a, b) => b[1] - a[1]);
    const shown = reasons.slice(0, MAX_REASONS).map(([reason, n]) => `${reason} (${n} span${n === 1 ? '' : 's'})`);
    const more = reasons.length - MAX_REASONS;
    return `${this.count} span${this.count === 1 ? '' : 's'} rejected: ${shown.join('; ')}${more > 0 ? `; and ${more} other reasons` : ''}`;
  }
}
