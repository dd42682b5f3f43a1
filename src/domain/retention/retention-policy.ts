import type { PurgedBefore } from './purged-before.ts';

const DAY_MS = 86_400_000;

/** How long each kind of stored traffic is kept, in days (RETENTION_DAYS and ROLLUP_RETENTION_DAYS). */
export interface RetentionPolicy {
  rawDays: number;
  rollupDays: number;
}

/** The instants before which stored traffic has expired under a policy. */
export interface RetentionCutoffs {
  /** Raw requests (rows, headers, bodies) stamped before this are deleted. */
  requestsBefore: Date;
  /** Rollup rows whose whole period ended at or before this are deleted. */
  rollupsBefore: Date;
}

export function retentionCutoffs(policy: RetentionPolicy, now: Date): RetentionCutoffs {
  return {
    requestsBefore: new Date(now.getTime() - policy.rawDays * DAY_MS),
    rollupsBefore: new Date(now.getTime() - policy.rollupDays * DAY_MS),
  };
}

/**
 * The instants before which stored traffic may be gone: the policy's cut-offs, or a purge's where one applied
 * later ones (under a shorter retention, since raised). Rows after these are kept; rows before may be deleted.
 */
export function retainedFrom(policy: RetentionPolicy, purged: PurgedBefore, now: Date): RetentionCutoffs {
  const configured = retentionCutoffs(policy, now);
  return {
    requestsBefore: later(configured.requestsBefore, purged.requestsBefore),
    rollupsBefore: later(configured.rollupsBefore, purged.rollupsBefore),
  };
}

const later = (a: Date, b: Date | null) => (b !== null && b.getTime() > a.getTime() ? b : a);
