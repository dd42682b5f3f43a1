import { knownNamesSuffix } from './domain/known-names.ts';

/**
 * The small set of coded errors. Their messages are written for users and may reach clients; anything
 * else thrown is an internal error whose detail goes to the log only.
 */
export class AppError extends Error {
  constructor(
    message: string,
    readonly code: string,
  ) {
    super(message);
    this.name = new.target.name;
  }
}

/** Bad input from a caller; `argument` names the argument at fault where there is one. */
export class UserInputError extends AppError {
  constructor(
    message: string,
    readonly argument?: string,
  ) {
    super(message, 'BAD_USER_INPUT');
  }
}

/** Unknown, or outside the caller's environment and buckets: the two must read the same. */
export class NotFoundError extends AppError {
  /** `known`: what the caller could have named instead (only names it may see), listed in the message. */
  constructor(what: string, known?: { noun: string; names: readonly string[] }) {
    super(`${what} not found${known ? knownNamesSuffix(known.noun, known.names) : ''}`, 'NOT_FOUND');
  }
}

export class UnauthenticatedError extends AppError {
  constructor(message = 'A valid bearer token is required') {
    super(message, 'UNAUTHENTICATED');
  }
}

export class ForbiddenError extends AppError {
  constructor(message: string) {
    super(message, 'FORBIDDEN');
  }
}

/** The server is misconfigured or cannot start; the message says what to fix. */
export class ConfigurationError extends AppError {
  constructor(message: string) {
    super(message, 'CONFIGURATION');
  }
}

/** A budget of the caller's (the ingest records budget) is spent for now; retry after retryAfterSeconds. */
export class RateLimitedError extends AppError {
  constructor(
    message: string,
    readonly retryAfterSeconds: number,
  ) {
    super(message, 'RATE_LIMITED');
  }
}

/** A dependency (database, session store) is unreachable for now; the caller should retry shortly. */
export class ServiceUnavailableError extends AppError {
  constructor(
    message: string,
    readonly retryAfterSeconds = 5,
  ) {
    super(message, 'SERVICE_UNAVAILABLE');
  }
}
