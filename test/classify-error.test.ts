import { GraphQLError } from 'graphql';
import { describe, expect, it } from 'vitest';
import { classifyError } from '../src/classify-error.ts';
import { auditOutcomeOf } from '../src/domain/audit/outcome.ts';
import { LimitExceededError, NotFoundError, ServiceUnavailableError, UserInputError } from '../src/errors.ts';
import { createErrorMasker } from '../src/graphql/errors.ts';
import { createLogger } from '../src/logger.ts';
import { SessionStoreUnavailableError } from '../src/mcp/sessions/session-store.ts';
import { runInRequestScope } from '../src/request-scope.ts';

const wrapped = (error: Error) =>
  new GraphQLError('wrapped', { originalError: new GraphQLError('inner', { originalError: error }) });

describe('one classification of every failure', () => {
  it('finds a coded error however deeply graphql-js or a cause wrapped it', () => {
    expect(classifyError(wrapped(new NotFoundError('Request "x"')), 'r1')).toMatchObject({
      code: 'NOT_FOUND',
      status: 404,
      message: 'Request "x" not found',
    });
    expect(
      classifyError(new Error('outer', { cause: new UserInputError('since must be before until', 'since') }), 'r1'),
    ).toMatchObject({ code: 'BAD_USER_INPUT', status: 422, argument: 'since' });
  });

  it('answers a size limit of what the caller sent with its own code and 413', () => {
    expect(classifyError(wrapped(new LimitExceededError('a batch holds at most 50 records (got 51)')), 'r1')).toEqual({
      code: 'LIMIT_EXCEEDED',
      status: 413,
      message: 'a batch holds at most 50 records (got 51)',
      appError: expect.any(LimitExceededError),
    });
  });

  it('names the fields of an input error in the terms of the surface that answers', () => {
    const thrown = new UserInputError((name) => `${name('from')} must be before ${name('to')}`, 'from');
    expect(thrown.message).toBe('from must be before to');
    const overGraphQL = thrown.inTermsOf((field) => `before.${field}`);
    expect(classifyError(wrapped(overGraphQL), 'r1')).toMatchObject({
      message: 'before.from must be before before.to',
      argument: 'before.from',
    });
    const asToolArguments = (path: string) => (path === 'before.from' ? 'baseline_from' : path.split('.').pop()!);
    expect(classifyError(wrapped(overGraphQL), 'r1', asToolArguments)).toMatchObject({
      message: 'baseline_from must be before to',
      argument: 'baseline_from',
    });
  });

  it('says when to retry an unavailable dependency: the database in 5 s, the session store in 2 s', () => {
    expect(classifyError(new ServiceUnavailableError('Database unavailable; retry shortly'), 'r1')).toMatchObject({
      status: 503,
      retryAfterSeconds: 5,
    });
    expect(classifyError(new SessionStoreUnavailableError('connect ECONNREFUSED 127.0.0.1:6390'), 'r1')).toMatchObject({
      status: 503,
      retryAfterSeconds: 2,
      message: 'Session store unavailable; retry shortly',
    });
  });

  it("reads a refused NUL character and a dropped connection from the driver as the caller's input and a 503", () => {
    expect(
      classifyError(wrapped(Object.assign(new Error('invalid byte sequence'), { code: '22021' })), 'r1').code,
    ).toBe('BAD_USER_INPUT');
    expect(classifyError(wrapped(Object.assign(new Error('connect'), { code: 'ECONNREFUSED' })), 'r1').code).toBe(
      'SERVICE_UNAVAILABLE',
    );
  });

  it('turns anything else into an internal error that names the request id and nothing of the fault', () => {
    const classified = classifyError(new Error('relation "secret_table" does not exist'), 'req-42');
    expect(classified).toEqual({
      code: 'INTERNAL_SERVER_ERROR',
      status: 500,
      message: 'Internal error (request req-42)',
      appError: null,
    });
  });

  it('gives the audit log the same code, and a message only when it was written for users', () => {
    expect(auditOutcomeOf(wrapped(new UserInputError('bad range')))).toEqual({
      outcome: 'BAD_USER_INPUT',
      errorMessage: 'bad range',
    });
    expect(auditOutcomeOf(new Error('SQL detail'))).toEqual({ outcome: 'INTERNAL_SERVER_ERROR', errorMessage: null });
  });
});

describe('the GraphQL error masker', () => {
  it('uses the request id as the masked error id, so a user report finds the log line', () => {
    const mask = createErrorMasker(createLogger('silent'));
    const masked = runInRequestScope({ requestId: 'req-from-header', clientAddress: '127.0.0.1', local: true }, () =>
      mask(wrapped(new Error('boom'))),
    ) as GraphQLError;
    expect(masked.extensions).toEqual({ code: 'INTERNAL_SERVER_ERROR', errorId: 'req-from-header' });
    expect(masked.message).toBe('Internal error (request req-from-header)');
  });
});
