/**
 * Runs `run` over `items` in slices of `batch`, `inFlight` slices at a time, each runner taking the next
 * slice when its last one is done. Returns the elapsed seconds and each slice's time in milliseconds.
 */
export async function inFlight<T>(
  items: readonly T[],
  batch: number,
  inFlight: number,
  run: (slice: T[]) => Promise<unknown>,
): Promise<{ seconds: number; sliceMs: number[] }> {
  const sliceMs: number[] = [];
  let next = 0;
  const started = performance.now();
  await Promise.all(
    Array.from({ length: inFlight }, async () => {
      while (next < items.length) {
        const slice = items.slice(next, (next += batch));
        const t = performance.now();
        await run(slice);
        sliceMs.push(performance.now() - t);
      }
    }),
  );
  return { seconds: (performance.now() - started) / 1000, sliceMs };
}
