import type { IncomingMessage } from 'node:http';
import type { Authenticator } from '../auth/authenticator.ts';
import type { Principal } from '../auth/principal.ts';
import { UnauthenticatedError } from '../errors.ts';

/** The person approving a consent, as the authorization server names them (the OAuth `sub`). */
export interface ConsentSigner {
  subject: string;
  /** Who creates the grant's token: GraphQL checks that this principal may. */
  principal: Principal;
}

/**
 * "Who is signing in" on the consent page. Today the admin token does; an identity provider (OIDC login,
 * a proxy's authenticated-user header) can take its place by implementing this one method.
 */
export interface ConsentSignIn {
  /** The signer named by the request's credentials, or null when there are none or they do not qualify. */
  signerOf(req: IncomingMessage): Promise<ConsentSigner | null>;
}

/** Sign-in with the admin token, sent by the console as `Authorization: Bearer <token>`. */
export function adminTokenSignIn(authenticator: Authenticator): ConsentSignIn {
  return {
    async signerOf(req) {
      try {
        const principal = await authenticator.authenticate(req.headers.authorization);
        return principal.kind === 'admin' ? { subject: principal.name, principal } : null;
      } catch (error) {
        if (error instanceof UnauthenticatedError) return null;
        throw error;
      }
    },
  };
}
