/**
 * True when an error or anything it wraps (cause, GraphQL originalError, Prisma's driver adapter error,
 * AggregateError members) satisfies `test`: database errors arrive wrapped differently by pg, PGlite,
 * Prisma and graphql-js.
 */
type ErrorLike = { code?: unknown; message?: unknown; originalCode?: unknown };

export function someErrorInChain(error: unknown, test: (candidate: ErrorLike) => boolean): boolean {
  return findInErrorChain(error, (candidate): candidate is ErrorLike => test(candidate)) !== null;
}

/** The first error in the chain (breadth first, the error itself first) that satisfies `test`. */
export function findInErrorChain<T extends ErrorLike>(
  error: unknown,
  test: (candidate: ErrorLike) => candidate is T,
): T | null {
  const seen = new Set<unknown>();
  const queue: unknown[] = [error];
  while (queue.length > 0) {
    const current = queue.shift();
    if (!current || typeof current !== 'object' || seen.has(current)) continue;
    seen.add(current);
    const candidate = current as {
      code?: unknown;
      message?: unknown;
      originalCode?: unknown;
      cause?: unknown;
      originalError?: unknown;
      meta?: { driverAdapterError?: unknown };
      errors?: unknown;
    };
    if (test(candidate)) return candidate;
    queue.push(candidate.cause, candidate.originalError, candidate.meta?.driverAdapterError);
    if (Array.isArray(candidate.errors)) queue.push(...candidate.errors);
  }
  return null;
}
