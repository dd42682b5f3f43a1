import { UnauthenticatedError } from '../errors.ts';
import { currentRequestScope } from '../request-scope.ts';
import type { Authenticator } from './authenticator.ts';
import type { Principal } from './principal.ts';
import type { Scope } from './scopes.ts';
import { hashTokenSecret, isStaticTokenSecret } from './token-secret.ts';

/** The Authorization header as read once per request: parsed and hashed here and nowhere else. */
export interface RequestCredential {
  /** The secret after `Bearer ` and its SHA-256 (token lookup, MCP session owner, rate-limit keys); null without one. */
  bearer: { secret: string; hash: string; isStatic: boolean } | null;
  /** A header that is not exactly `Bearer <token>`: refused wherever the caller is authenticated. */
  malformed: boolean;
}

/** What a surface allows beyond bearer tokens, decided by the HTTP layer from the path (one surface per request). */
export interface AuthenticationRules {
  /** The resource (RFC 8707) served here: OAuth access tokens are accepted only when bound to it. */
  oauthAudience?: string;
  /** Scopes of the token-less `local` principal a caller on this machine gets here (the seed's local REST use). */
  localScopes?: readonly Scope[];
}

/** The caller of one HTTP request: a principal (anonymous when no credential came), or why its credential failed. */
export type RequestAuthentication =
  | { principal: Principal; failure: null; credential: RequestCredential }
  | { principal: null; failure: UnauthenticatedError; credential: RequestCredential };

/** What the request scope carries: the credential at once, the authentication on first use and then remembered. */
export interface RequestCaller {
  credential: RequestCredential;
  authentication: () => Promise<RequestAuthentication>;
  /** The credential checked again with the same rules, for streams that outlive their request (revoked, expired). */
  stillValid: () => Promise<boolean>;
}

export function readCredential(authorization: string | null | undefined): RequestCredential {
  if (!authorization) return { bearer: null, malformed: false };
  // The loose match keys rate limits as before; only the exact form authenticates.
  const secret = /^Bearer\s+(\S+)/i.exec(authorization)?.[1];
  const bearer = secret ? { secret, hash: hashTokenSecret(secret), isStatic: isStaticTokenSecret(secret) } : null;
  return { bearer, malformed: !/^Bearer\s+\S+\s*$/i.test(authorization) };
}

async function authenticateCredential(
  authenticator: Authenticator,
  credential: RequestCredential,
  local: boolean,
  rules: AuthenticationRules,
): Promise<RequestAuthentication> {
  try {
    if (credential.malformed) throw new UnauthenticatedError('The Authorization header must be "Bearer <token>"');
    const principal = await authenticator.authenticate(credential.bearer, rules);
    // Only an unproxied caller on this machine, and only where the rules grant it: see RequestClient.local.
    if (principal.kind === 'anonymous' && local && rules.localScopes)
      return { principal: { kind: 'local', name: 'local', scopes: [...rules.localScopes] }, failure: null, credential };
    return { principal, failure: null, credential };
  } catch (error) {
    if (!(error instanceof UnauthenticatedError)) throw error;
    return { principal: null, failure: error, credential };
  }
}

/**
 * The one authentication step of every HTTP surface. The HTTP layer calls it for each request; the token is
 * looked up only when a surface first asks, so routes that need no caller (probes, assets, OAuth endpoints)
 * cost nothing, and at most once however many layers ask.
 */
export function createRequestAuthenticator(
  authenticator: Authenticator,
  rulesFor: (path: string) => AuthenticationRules,
) {
  return (authorization: string | undefined, path: string, local: boolean): RequestCaller => {
    const credential = readCredential(authorization);
    let authentication: Promise<RequestAuthentication> | undefined;
    return {
      credential,
      authentication: () => {
        authentication ??= authenticateCredential(authenticator, credential, local, rulesFor(path));
        return authentication;
      },
      stillValid: () =>
        authenticateCredential(authenticator, credential, local, rulesFor(path)).then(({ failure }) => !failure),
    };
  };
}

export type RequestAuthenticator = ReturnType<typeof createRequestAuthenticator>;

/** The current request's caller, as the HTTP layer put it in the request scope. */
export function requestCaller(): RequestCaller {
  const caller = currentRequestScope()?.caller;
  if (!caller) throw new Error('No request scope: surfaces run inside the HTTP server (src/http/server.ts)');
  return caller;
}

/** The current request's authentication (see createRequestAuthenticator). */
export function requestAuthentication(): Promise<RequestAuthentication> {
  return requestCaller().authentication();
}
