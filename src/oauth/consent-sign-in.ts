import type { IncomingMessage } from 'node:http';
import type { Principal } from '../auth/principal.ts';
import { requestAuthentication } from '../auth/request-authentication.ts';

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

/** Sign-in with the admin token, sent by the console as `Authorization: Bearer <token>` (the request's caller). */
export function adminTokenSignIn(): ConsentSignIn {
  return {
    async signerOf() {
      const { principal } = await requestAuthentication();
      return principal?.kind === 'admin' ? { subject: principal.name, principal } : null;
    },
  };
}
