import { AsyncLocalStorage } from 'node:async_hooks';
import { randomUUID } from 'node:crypto';
import type { RequestCaller } from './auth/request-authentication.ts';

/** What one HTTP request carries through every layer it reaches, so logs and audit entries name it. */
export interface RequestScope {
  requestId: string;
  clientAddress: string;
  /** On this machine and unproxied (see RequestClient.local): may use the token-less local access. */
  local: boolean;
  /**
   * The request's credential and its authentication, computed once for whichever surface asks (see
   * createRequestAuthenticator). Absent only where a test runs one layer without the HTTP server.
   */
  caller?: RequestCaller;
}

const storage = new AsyncLocalStorage<RequestScope>();

export function runInRequestScope<T>(scope: RequestScope, work: () => T): T {
  return storage.run(scope, work);
}

export function currentRequestScope(): RequestScope | undefined {
  return storage.getStore();
}

// A caller's id is kept only when it is short and plain: it is echoed in headers and written to logs.
const ACCEPTABLE_REQUEST_ID = /^[A-Za-z0-9._:-]{1,64}$/;

/** The caller's X-Request-Id when it is safe to echo, otherwise a fresh one. */
export function requestIdFrom(header: string | string[] | undefined): string {
  const value = Array.isArray(header) ? header[0] : header;
  return value !== undefined && ACCEPTABLE_REQUEST_ID.test(value) ? value : randomUUID();
}
