import type { Database } from '../../db/database.ts';
import type { Logger } from '../../logger.ts';
import { runPurge } from './run-purge.ts';
import type { RetentionPolicy } from './retention-policy.ts';

export interface PurgeSchedule {
  /** Stops the timer and interrupts a purge in flight after its current batch. */
  stop(): Promise<void>;
}

/** A minute after start, then every `intervalMinutes`: a restart loop does not purge on every start. */
const FIRST_RUN_DELAY_MS = 60_000;

/** Runs the purge on a timer; every instance runs one, and the purge's lock lets one of them work at a time. */
export function schedulePurge(
  db: Database,
  policy: RetentionPolicy,
  intervalMinutes: number,
  logger: Logger,
  firstRunDelayMs = FIRST_RUN_DELAY_MS,
): PurgeSchedule {
  const abort = new AbortController();
  let running: Promise<void> | null = null;
  let timer: NodeJS.Timeout | undefined;
  const tick = () => {
    running = runPurge(db, policy, new Date(), { signal: abort.signal })
      .then((run) => {
        if (run.ran)
          logger.info(
            {
              deleted: run.deleted,
              batches: run.batches,
              durationMs: Math.round(run.durationMs),
              interrupted: run.interrupted,
            },
            'retention purge finished',
          );
        else logger.debug({ reason: run.reason }, 'retention purge skipped');
      })
      .catch((error: unknown) => logger.error({ err: error }, 'retention purge failed'))
      .finally(() => {
        running = null;
        if (!abort.signal.aborted) schedule(intervalMinutes * 60_000);
      });
  };
  const schedule = (delayMs: number) => {
    timer = setTimeout(tick, delayMs);
    timer.unref();
  };
  if (intervalMinutes > 0) schedule(firstRunDelayMs);
  return {
    async stop() {
      abort.abort();
      clearTimeout(timer);
      await running;
    },
  };
}
