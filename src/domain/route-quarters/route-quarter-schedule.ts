import type { Database } from '../../db/database.ts';
import type { Logger } from '../../logger.ts';
import { readPurgedBefore } from '../retention/purged-before.ts';
import { compactRouteQuarters, QUARTER_MS, quarterFloor } from './compact-route-quarters.ts';

/** The advisory lock key compactions hold (purges hold 72_707_002, migrations 72_707_001). */
export const ROUTE_QUARTER_LOCK_KEY = 72_707_003;

/** How often every instance tries a compaction; reads stay exact in between (a stale quarter is read raw). */
export const ROUTE_QUARTER_INTERVAL_MS = 60_000;
/** A quarter is built once it ended this long ago: built while requests still arrive, it is stale at once. */
const SETTLE_MS = 60_000;
/** The recent quarters each compaction checks: new traffic, and late requests into the last hours. */
const RECENT_MS = 2 * 3_600_000;
/** The older history each compaction checks, walking back to the oldest retained raw rows, then round again. */
const HISTORY_STEP_MS = 86_400_000;
/** Stale quarters one window rebuilds at most per environment (a day holds 96 per bucket). */
const QUARTERS_PER_WINDOW = 1_000;

export interface RouteQuarterCompactor {
  /** One compaction at `now`: the recent quarters, then the next day of history; cut short once `signal` aborts. */
  tick(now: Date, signal?: AbortSignal): Promise<{ rebuilt: number; skipped: number }>;
}

/**
 * Compacts route quarters: each tick rebuilds the stale quarters of the last hours that have ended, then one
 * day further back in history, down to the oldest raw rows retention keeps (`rawDays`, and the cut-off a purge
 * recorded), then starts over from the recent end; so a database that predates compaction, or a burst of
 * late requests into old quarters, is caught up a day a tick. Run by one instance at a time.
 */
export function routeQuarterCompactor(db: Database, rawDays: number): RouteQuarterCompactor {
  let historyEnd: number | null = null;
  return {
    async tick(now, signal) {
      const outcome = await db.exclusively(ROUTE_QUARTER_LOCK_KEY, async () => {
        const to = quarterFloor(now.getTime() - SETTLE_MS);
        const recentFrom = to - RECENT_MS;
        const recent = await compactRouteQuarters(
          db.sql,
          new Date(recentFrom),
          new Date(to),
          QUARTERS_PER_WINDOW,
          signal,
        );
        if (signal?.aborted) return { rebuilt: recent.rebuilt, skipped: recent.skipped };
        const purged = (await readPurgedBefore(db.sql)).requestsBefore?.getTime() ?? Number.NEGATIVE_INFINITY;
        // The first whole quarter whose raw rows are all retained: where the walk back ends and starts over.
        const oldest = Math.ceil(Math.max(now.getTime() - rawDays * 86_400_000, purged) / QUARTER_MS) * QUARTER_MS;
        const end = historyEnd === null || historyEnd <= oldest ? recentFrom : Math.min(historyEnd, recentFrom);
        const start = Math.max(end - HISTORY_STEP_MS, oldest);
        const history =
          start < end
            ? await compactRouteQuarters(db.sql, new Date(start), new Date(end), QUARTERS_PER_WINDOW, signal)
            : null;
        // A day cut short is walked again from its end by the next tick.
        if (!signal?.aborted) historyEnd = start;
        return {
          rebuilt: recent.rebuilt + (history?.rebuilt ?? 0),
          skipped: recent.skipped + (history?.skipped ?? 0),
        };
      });
      return outcome.ran ? outcome.value : { rebuilt: 0, skipped: 0 };
    },
  };
}

export interface RouteQuarterSchedule {
  /** Stops the timer and ends a compaction in flight after its current statement (shutdown's HTTP drain). */
  stop(): Promise<void>;
}

/** Runs the compactor every `intervalMs` (0 turns it off); failures are logged and the next tick tries again. */
export function scheduleRouteQuarters(
  db: Database,
  rawDays: number,
  logger: Logger,
  intervalMs = ROUTE_QUARTER_INTERVAL_MS,
): RouteQuarterSchedule {
  const compactor = routeQuarterCompactor(db, rawDays);
  const stopping = new AbortController();
  let running: Promise<void> | null = null;
  let timer: NodeJS.Timeout | undefined;
  const schedule = () => {
    timer = setTimeout(() => {
      running = compactor
        .tick(new Date(), stopping.signal)
        .then(({ rebuilt, skipped }) => {
          if (rebuilt + skipped > 0) logger.debug({ rebuilt, skipped }, 'route quarters compacted');
        })
        .catch((error: unknown) => logger.error({ err: error }, 'route quarter compaction failed'))
        .finally(() => {
          running = null;
          if (!stopping.signal.aborted) schedule();
        });
    }, intervalMs);
    timer.unref();
  };
  if (intervalMs > 0) schedule();
  return {
    async stop() {
      stopping.abort();
      clearTimeout(timer);
      await running;
    },
  };
}
