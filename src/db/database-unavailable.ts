import { someErrorInChain } from './error-chain.ts';

// Connection-level failures from pg, Prisma's driver adapter and the socket layer: the database is down or
// restarting, not the query wrong. SQLSTATE class 08 is "connection exception"; 57P01-57P03 are shutdowns.
const CODES = new Set([
  'ECONNREFUSED',
  'ECONNRESET',
  'EPIPE',
  'ETIMEDOUT',
  'EHOSTUNREACH',
  'ENOTFOUND',
  '57P01',
  '57P02',
  '57P03',
  'P1001',
  'P1017',
]);
const MESSAGES = [
  /Connection terminated/i,
  /timeout exceeded when trying to connect/i,
  /Client has encountered a connection error/i,
  /server closed the connection/i,
  /the database system is (shutting down|starting up)/i,
  /terminating connection due to administrator command/i,
];

/** True when an error (or anything it wraps) says the database cannot be reached right now. */
export function isDatabaseUnavailable(error: unknown): boolean {
  return someErrorInChain(
    error,
    (candidate) =>
      (typeof candidate.code === 'string' && (CODES.has(candidate.code) || candidate.code.startsWith('08'))) ||
      (typeof candidate.message === 'string' && MESSAGES.some((pattern) => pattern.test(candidate.message as string))),
  );
}
