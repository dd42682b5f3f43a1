import type { IncomingMessage, ServerResponse } from 'node:http';
import { z } from 'zod';
import type { Database } from '../db/database.ts';
import { linkTokenToOAuthGrant } from '../domain/tokens/oauth-grants.ts';
import { revokeAccessToken } from '../domain/tokens/access-tokens.ts';
import { AppError } from '../errors.ts';
import { OAuthConsentCreateTokenDocument } from '../generated/graphql.ts';
import { createContext, type ContextDependencies } from '../graphql/context-factory.ts';
import type { OperationExecutor } from '../graphql/execute-operation.ts';
import { CONSOLE_PATH, serveConsole } from '../http/console-route.ts';
import { sendJson } from '../http/json-response.ts';
import { BodyTooLargeError, readBody } from '../http/read-body.ts';
import type { AuthorizationServer } from './authorization-server.ts';
import type { ConsentSignIn } from './consent-sign-in.ts';

const GRAPHQL_SCOPE = z.enum([
  'TRAFFIC_READ',
  'TRAFFIC_WRITE',
  'EVENTS_READ',
  'EVENTS_WRITE',
  'CONFIG_READ',
  'INVENTORY_READ',
  'ADMIN',
]);
const Decision = z.discriminatedUnion('approve', [
  z.object({ approve: z.literal(false) }),
  z.object({
    approve: z.literal(true),
    environment: z.string().min(1),
    /** null: every bucket of the environment's account. */
    buckets: z.array(z.string().min(1)).min(1).nullable(),
    scopes: z.array(GRAPHQL_SCOPE).min(1),
  }),
]);

export interface ConsentRouteDependencies {
  provider: () => AuthorizationServer;
  resource: () => string;
  signIn: ConsentSignIn;
  db: Database;
  context: ContextDependencies;
  executeOperation: OperationExecutor;
}

/** `TRAFFIC_READ` (the GraphQL enum name) → `traffic:read` (the scope as OAuth and tokens spell it). */
const oauthScope = (graphqlScope: string) => graphqlScope.toLowerCase().replace('_', ':');

/**
 * The consent step of the authorization flow, at /oauth/consent/<uid> (where oidc-provider's interaction
 * cookie is scoped): the page is the console's; `details` says who asks; `decision` turns an approval into
 * a token row (through GraphQL, as the signed-in user) and a grant bound to it, or refuses.
 */
export function createConsentRoute(deps: ConsentRouteDependencies) {
  return async (req: IncomingMessage, res: ServerResponse, path: string): Promise<void> => {
    const [, action] = path.slice(1).split('/').slice(2);
    if (action === undefined) return serveConsole(req, res, CONSOLE_PATH);
    let interaction: Awaited<ReturnType<AuthorizationServer['interactionDetails']>>;
    try {
      interaction = await deps.provider().interactionDetails(req, res);
    } catch {
      return sendJson(res, 400, {
        detail:
          'This authorization request has expired or was begun in another browser; start again from the assistant.',
      });
    }
    const clientId = String(interaction.params.client_id);
    if (action === 'details' && req.method === 'GET') {
      const client = await deps.provider().Client.find(clientId);
      return sendJson(res, 200, {
        clientId,
        clientName: client?.clientName ?? clientId,
        redirectHost: new URL(String(interaction.params.redirect_uri)).host,
        requestedScopes: String(interaction.params.scope ?? '')
          .split(' ')
          .filter(Boolean),
        resource: deps.resource(),
      });
    }
    if (action !== 'decision' || req.method !== 'POST')
      return sendJson(res, 404, { detail: `No route for ${req.method} ${path}` });

    let decision: z.infer<typeof Decision>;
    try {
      decision = Decision.parse(JSON.parse((await readBody(req, 16_384)).toString('utf8')));
    } catch (error) {
      const detail =
        error instanceof BodyTooLargeError
          ? 'The decision is too large'
          : 'Send {"approve": false} or {"approve": true, "environment", "buckets" (null for all), "scopes"}';
      return sendJson(res, 400, { detail });
    }
    if (!decision.approve) {
      const redirectTo = await deps
        .provider()
        .interactionResult(
          req,
          res,
          { error: 'access_denied', error_description: 'The user denied access' },
          { mergeWithLastSubmission: false },
        );
      return sendJson(res, 200, { redirectTo });
    }
    const signer = await deps.signIn.signerOf(req);
    if (!signer) return sendJson(res, 401, { detail: 'Sign in (with the admin token) to approve access' });

    const client = await deps.provider().Client.find(clientId);
    let tokenId: string;
    let scopes: string[];
    try {
      const created = await deps.executeOperation(
        OAuthConsentCreateTokenDocument,
        {
          input: {
            name: client?.clientName ?? clientId,
            environment: decision.environment,
            allBuckets: decision.buckets === null,
            buckets: decision.buckets,
            scopes: decision.scopes,
          },
        },
        createContext(deps.context, signer.principal, { surface: 'graphql' }),
      );
      tokenId = created.createAccessToken.token.id;
      scopes = created.createAccessToken.token.scopes.map(oauthScope);
    } catch (error) {
      if (error instanceof AppError) return sendJson(res, 400, { detail: error.message });
      throw error;
    }
    try {
      const grant = new (deps.provider().Grant)({ accountId: signer.subject, clientId });
      // Requested but not chosen is rejected, not left open: oidc-provider would otherwise ask again.
      const requested = String(interaction.params.scope ?? '')
        .split(' ')
        .filter(Boolean);
      const refused = requested.filter((scope) => !scopes.includes(scope)).join(' ');
      grant.addOIDCScope(scopes.join(' '));
      grant.addResourceScope(deps.resource(), scopes.join(' '));
      if (refused) {
        grant.rejectOIDCScope(refused);
        grant.rejectResourceScope(deps.resource(), refused);
      }
      const grantId = await grant.save();
      await linkTokenToOAuthGrant(deps.db, tokenId, { clientId, grantId });
      const redirectTo = await deps
        .provider()
        .interactionResult(
          req,
          res,
          { login: { accountId: signer.subject }, consent: { grantId } },
          { mergeWithLastSubmission: false },
        );
      return sendJson(res, 200, { redirectTo });
    } catch (error) {
      // A token row no grant leads to would only clutter the Tokens page.
      await revokeAccessToken(deps.db, tokenId, {});
      throw error;
    }
  };
}
