import { classifyDatabaseError } from './db/classify-database-error.ts';
import { findInErrorChain } from './db/error-chain.ts';
import { AppError, type FieldNames, RateLimitedError, ServiceUnavailableError, UserInputError } from './errors.ts';

/** What a failure means to the caller, the same on every surface. */
export interface ClassifiedError {
  code: string;
  /** The HTTP status the code means where a surface answers with one (REST, MCP transport errors). */
  status: number;
  /** What the caller may read: a coded error's own message, or a generic line naming the request id. */
  message: string;
  /** The coded error behind it; null for a fault of ours, whose detail belongs in the log only. */
  appError: AppError | null;
  /** For SERVICE_UNAVAILABLE and RATE_LIMITED: when to retry. */
  retryAfterSeconds?: number;
  /** For BAD_USER_INPUT: the argument at fault, where known. */
  argument?: string;
}

const STATUS_FOR_CODE: Record<string, number> = {
  BAD_USER_INPUT: 422,
  NOT_FOUND: 404,
  UNAUTHENTICATED: 401,
  FORBIDDEN: 403,
  SERVICE_UNAVAILABLE: 503,
  RATE_LIMITED: 429,
  LIMIT_EXCEEDED: 413,
};

/**
 * The coded error a thrown error stands for: an AppError anywhere in its chain (graphql-js wraps resolver
 * errors in originalError, drivers in cause), else what a database error means to the caller, else null.
 */
export function codedErrorOf(error: unknown): AppError | null {
  return (
    findInErrorChain(error, (candidate): candidate is AppError => candidate instanceof AppError) ??
    classifyDatabaseError(error)
  );
}

/** The message every surface shows for a fault of ours: the request id finds the detail in the log. */
export function internalErrorMessage(requestId: string): string {
  return `Internal error (request ${requestId})`;
}

/**
 * The one decision of code, status and user message for a failure, whichever surface it happened on.
 * `names`: how this surface names the fields an input error names (the GraphQL paths its operation used, as
 * its own arguments); without it they read as thrown.
 */
export function classifyError(error: unknown, requestId: string, names?: FieldNames): ClassifiedError {
  const coded = codedErrorOf(error);
  const appError = names && coded instanceof UserInputError ? coded.inTermsOf(names) : coded;
  if (!appError)
    return { code: 'INTERNAL_SERVER_ERROR', status: 500, message: internalErrorMessage(requestId), appError: null };
  const classified: ClassifiedError = {
    code: appError.code,
    status: STATUS_FOR_CODE[appError.code] ?? 500,
    message: appError.message,
    appError,
  };
  if (appError instanceof ServiceUnavailableError || appError instanceof RateLimitedError)
    classified.retryAfterSeconds = appError.retryAfterSeconds;
  if (appError instanceof UserInputError && appError.argument) classified.argument = appError.argument;
  return classified;
}
