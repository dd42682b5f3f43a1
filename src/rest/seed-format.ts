/** The seed's timestamps: ISO 8601 in UTC, to the second, without a zone suffix (`2025-11-10T14:30:00`). */
export function seedTimestamp(iso: string): string {
  return new Date(iso).toISOString().slice(0, 19);
}

/** The seed's snapshot keys: `Snapshot 1 (2025-11-10 14:30)`. */
export function snapshotKey(snapshotId: number, takenAt: string): string {
  return `Snapshot ${snapshotId} (${new Date(takenAt).toISOString().slice(0, 16).replace('T', ' ')})`;
}
