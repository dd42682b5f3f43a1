import { ServiceUnavailableError, UserInputError, type AppError } from '../errors.ts';
import { isDatabaseUnavailable } from './database-unavailable.ts';
import { someErrorInChain } from './error-chain.ts';

/**
 * True when the database refused text it cannot hold: a NUL character (U+0000) in an argument. That is the
 * caller's input, not a fault (SQLSTATE 22021 from pg and PGlite, `originalCode` through Prisma's adapter).
 */
function isUnstorableText(error: unknown): boolean {
  return someErrorInChain(error, (candidate) => candidate.code === '22021' || candidate.originalCode === '22021');
}

/** What a database error means to the caller: unavailable (503), refused input, or null for a fault of ours. */
export function classifyDatabaseError(error: unknown): AppError | null {
  if (isDatabaseUnavailable(error)) return new ServiceUnavailableError('Database unavailable; retry shortly');
  if (isUnstorableText(error))
    return new UserInputError('An argument contains a NUL character (U+0000), which text in this service cannot hold');
  return null;
}
