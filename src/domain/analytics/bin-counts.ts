/**
 * Requests per latency bin, merged from histogram cells; ranks nearest-rank percentiles. Bins are kept in one
 * dense array from the lowest bin seen to the highest: a cell is a run of adjacent bins, so merging one is a
 * loop of additions rather than a map update per bin, which is most of the time a per-endpoint read spends
 * in this process once its cells' arrays grow with the data (BENCHMARKS run 68).
 */
export class BinCounts {
  /** counts[i] is bin `first + i`. */
  private counts = new Float64Array(0);
  private first = 0;
  private total = 0;

  /** A histogram cell as stored: `counts[i]` is bin `firstBin + i` (null counts as 0). */
  addCell(firstBin: number, counts: readonly (number | null)[]): void {
    if (counts.length === 0) return;
    this.cover(firstBin, firstBin + counts.length - 1);
    const offset = firstBin - this.first;
    let added = 0;
    for (let i = 0; i < counts.length; i++) {
      const n = counts[i];
      if (n) {
        this.counts[offset + i]! += n;
        added += n;
      }
    }
    this.total += added;
  }

  addBin(bin: number, n: number): void {
    this.cover(bin, bin);
    this.counts[bin - this.first]! += n;
    this.total += n;
  }

  /** Every bin of another histogram added to this one. */
  addAll(other: BinCounts): void {
    if (other.counts.length === 0) return;
    this.cover(other.first, other.first + other.counts.length - 1);
    const offset = other.first - this.first;
    for (let i = 0; i < other.counts.length; i++) this.counts[offset + i]! += other.counts[i]!;
    this.total += other.total;
  }

  get count(): number {
    return this.total;
  }

  /** Requests in `bin` itself. */
  countIn(bin: number): number {
    const i = bin - this.first;
    return i >= 0 && i < this.counts.length ? this.counts[i]! : 0;
  }

  /** Requests in bins above `bin` (slower than every duration that bin holds). */
  countAbove(bin: number): number {
    let above = 0;
    for (let i = Math.max(0, bin + 1 - this.first); i < this.counts.length; i++) above += this.counts[i]!;
    return above;
  }

  /** The bin holding the nearest-rank `p` percentile of each p, in the order given; null when empty. */
  percentileBins(ps: readonly number[]): (number | null)[] {
    return ps.map((p) => {
      const rank = Math.ceil(p * this.total);
      let seen = 0;
      for (let i = 0; i < this.counts.length; i++) {
        if (this.counts[i] === 0) continue;
        if ((seen += this.counts[i]!) >= rank) return this.first + i;
      }
      return null;
    });
  }

  /** Grows the array to hold bins lo..hi, with room to spare so a histogram grows in few copies. */
  private cover(lo: number, hi: number): void {
    const last = this.first + this.counts.length - 1;
    if (this.counts.length > 0 && lo >= this.first && hi <= last) return;
    const from = this.counts.length === 0 ? lo - 16 : Math.min(this.first, lo - 16);
    const to = this.counts.length === 0 ? hi + 16 : Math.max(last, hi + 16);
    const grown = new Float64Array(to - from + 1);
    if (this.counts.length > 0) grown.set(this.counts, this.first - from);
    this.counts = grown;
    this.first = from;
  }
}
