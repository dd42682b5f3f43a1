/** Requests per latency bin, merged from histogram cells; ranks nearest-rank percentiles. */
export class BinCounts {
  private readonly counts = new Map<number, number>();
  private total = 0;

  /** A histogram cell as stored: `counts[i]` is bin `firstBin + i` (null counts as 0). */
  addCell(firstBin: number, counts: readonly (number | null)[]): void {
    counts.forEach((n, i) => {
      if (n) this.addBin(firstBin + i, n);
    });
  }

  addBin(bin: number, n: number): void {
    this.counts.set(bin, (this.counts.get(bin) ?? 0) + n);
    this.total += n;
  }

  /** Every bin of another histogram added to this one. */
  addAll(other: BinCounts): void {
    for (const [bin, n] of other.counts) this.addBin(bin, n);
  }

  get count(): number {
    return this.total;
  }

  /** Requests in `bin` itself. */
  countIn(bin: number): number {
    return this.counts.get(bin) ?? 0;
  }

  /** Requests in bins above `bin` (slower than every duration that bin holds). */
  countAbove(bin: number): number {
    let above = 0;
    for (const [b, n] of this.counts) if (b > bin) above += n;
    return above;
  }

  /** The bin holding the nearest-rank `p` percentile of each p, in the order given; null when empty. */
  percentileBins(ps: readonly number[]): (number | null)[] {
    const sorted = [...this.counts].sort((a, b) => a[0] - b[0]);
    return ps.map((p) => {
      const rank = Math.ceil(p * this.total);
      let seen = 0;
      for (const [bin, n] of sorted) if ((seen += n) >= rank) return bin;
      return null;
    });
  }
}
