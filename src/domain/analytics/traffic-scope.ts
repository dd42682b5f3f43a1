/** What an analytics query may read: one environment, and all or some buckets (already intersected with the caller's). */
export interface TrafficScope {
  environmentId: string;
  /** null: every bucket. An empty list matches nothing. */
  bucketIds: string[] | null;
  /**
   * Raw request rows stamped before this may already be deleted by retention: the later of now − RETENTION_DAYS
   * when the scope was resolved and the latest cut-off a purge recorded (RETENTION_DAYS may have been raised
   * since; the purge deletes up to its own now − RETENTION_DAYS at any instant). Rollup cells outlive those
   * rows, so reads that correct a cell with raw rows, or let a cell stand for raw rows, do so only where every
   * row involved is at or after this instant.
   */
  rawRetainedFrom: Date;
}
