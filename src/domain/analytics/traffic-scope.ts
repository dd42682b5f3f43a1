/** What an analytics query may read: one environment, and all or some buckets (already intersected with the caller's). */
export interface TrafficScope {
  environmentId: string;
  /** null: every bucket. An empty list matches nothing. */
  bucketIds: string[] | null;
}
