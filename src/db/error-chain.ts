/**
 * True when an error or anything it wraps (cause, GraphQL originalError, Prisma's driver adapter error,
 * AggregateError members) satisfies `test`: database errors arrive wrapped differently by pg, PGlite,
 * Prisma and graphql-js.
 */
export function someErrorInChain(error: unknown, test: (candidate: { code?: unknown; message?: unknown; originalCode?: unknown }) => boolean): boolean {
  const seen = new Set<unknown>();
  const queue: unknown[] = [error];
  while (queue.length > 0) {
    const current = queue.shift();
    if (!current || typeof current !== 'object' || seen.has(current)) continue;
    seen.add(current);
    const candidate = current as { code?: unknown; message?: unknown; originalCode?: unknown; cause?: unknown; originalError?: unknown; meta?: { driverAdapterError?: unknown }; errors?: unknown };
    if (test(candidate)) return true;
    queue.push(candidate.cause, candidate.originalError, candidate.meta?.driverAdapterError);
    if (Array.isArray(candidate.errors)) queue.push(...candidate.errors);
  }
  return false;
}
