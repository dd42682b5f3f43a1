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

/**
 * How a surface names a field for its caller: a domain names `since`, GraphQL shows `range.since`, an MCP
 * tool or a REST route its own snake_case argument.
 */
export type FieldNames = (field: string) => string;

/** A message that names fields: the thrower writes the sentence, the surface that answers names the fields. */
export type FieldMessage = (name: FieldNames) => string;

const asGiven: FieldNames = (field) => field;

/**
 * Bad input from a caller; `argument` names the field at fault where there is one. A message written as a
 * FieldMessage lets each surface name the fields in its own terms (`inTermsOf`) without rewriting text.
 */
export class UserInputError extends AppError {
  readonly #compose: FieldMessage;
  constructor(
    message: string | FieldMessage,
    readonly argument?: string,
  ) {
    super(typeof message === 'string' ? message : message(asGiven), 'BAD_USER_INPUT');
    this.#compose = typeof message === 'string' ? () => message : message;
  }

  /** The message with every field it names (and `argument`) named by `names`. */
  inTermsOf(names: FieldNames): UserInputError {
    return new UserInputError(
      (name) => this.#compose((field) => name(names(field))),
      this.argument === undefined ? undefined : names(this.argument),
    );
  }
}

/** The message and argument of an error in a surface's terms; other errors as they are. */
export function inTermsOf<E>(error: E, names: FieldNames): E | UserInputError {
  return error instanceof UserInputError ? error.inTermsOf(names) : error;
}

/**
 * A size limit of what the caller sent (records in one batch): the request is refused whole, and splitting
 * it is the fix, so surfaces answer 413 where they have a status.
 */
export class LimitExceededError extends AppError {
  constructor(message: string) {
    super(message, 'LIMIT_EXCEEDED');
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
