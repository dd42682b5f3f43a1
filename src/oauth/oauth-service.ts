import type { IncomingMessage, ServerResponse } from 'node:http';
import { MCP_TOKEN_SCOPES } from '../auth/scopes.ts';
import type { Database } from '../db/database.ts';
import type { ContextDependencies } from '../graphql/context-factory.ts';
import type { OperationExecutor } from '../graphql/execute-operation.ts';
import { sendJson } from '../http/json-response.ts';
import {
  CONSENT_PATH,
  createAuthorizationServer,
  OAUTH_PATH,
  type AuthorizationServer,
} from './authorization-server.ts';
import { createConsentRoute } from './consent-route.ts';
import type { ConsentSignIn } from './consent-sign-in.ts';
import { sweepExpiredOAuthPayloads } from './oauth-storage.ts';

export const PROTECTED_RESOURCE_METADATA_PATH = '/.well-known/oauth-protected-resource';
const AUTHORIZATION_SERVER_METADATA_PATH = '/.well-known/oauth-authorization-server';
const OPENID_CONFIGURATION_PATH = '/.well-known/openid-configuration';
const MCP_PATH = '/mcp';
const MCP_SCOPES = [...MCP_TOKEN_SCOPES, 'inventory:read'];

export interface OAuthServiceDependencies {
  db: Database;
  signIn: ConsentSignIn;
  trustProxy: boolean;
  /** See AuthorizationServerOptions.testOnlyCimdOverLoopbackHttp. */
  testOnlyCimdOverLoopbackHttp?: boolean;
}

type Route = { prefix: string; handler: (req: IncomingMessage, res: ServerResponse) => Promise<void> | void };

/**
 * trafficgraph as OAuth 2.1 authorization server (oidc-provider) and /mcp as its protected resource.
 * The issuer is the public origin, known only once the server listens (or from PUBLIC_URL): `start` sets it;
 * until then these routes answer 503.
 */
export class OAuthService {
  private provider: AuthorizationServer | null = null;
  private origin: string | null = null;

  constructor(private readonly deps: OAuthServiceDependencies) {}

  async start(publicOrigin: string): Promise<void> {
    this.origin = publicOrigin.replace(/\/$/, '');
    // Expired codes and tokens are never read (find filters them); each start clears the old ones away.
    await sweepExpiredOAuthPayloads(this.deps.db);
    this.provider = await createAuthorizationServer({
      db: this.deps.db,
      issuer: this.origin,
      resource: this.resource,
      trustProxy: this.deps.trustProxy,
      testOnlyCimdOverLoopbackHttp: this.deps.testOnlyCimdOverLoopbackHttp,
    });
  }

  /** The MCP endpoint's URL, the audience every OAuth access token is bound to. */
  get resource(): string {
    if (this.origin === null) throw new Error('OAuthService.start has not run');
    return `${this.origin}${MCP_PATH}`;
  }

  get started(): boolean {
    return this.provider !== null;
  }

  /** RFC 9728: where an MCP client learns which authorization server issues tokens for /mcp. */
  get resourceMetadataUrl(): string {
    return `${this.origin}${PROTECTED_RESOURCE_METADATA_PATH}${MCP_PATH}`;
  }

  /** The routes, given how the consent step runs GraphQL operations. */
  routes(graphql: { executeOperation: OperationExecutor; context: ContextDependencies }): Route[] {
    const consent = createConsentRoute({
      provider: () => this.provider!,
      resource: () => this.resource,
      signIn: this.deps.signIn,
      db: this.deps.db,
      ...graphql,
    });
    const whenStarted =
      (handler: (req: IncomingMessage, res: ServerResponse, path: string) => Promise<void> | void) =>
      (req: IncomingMessage, res: ServerResponse) => {
        if (!this.provider)
          return sendJson(res, 503, { detail: 'The authorization server is starting' }, { 'retry-after': '1' });
        return handler(req, res, (req.url ?? '/').split('?')[0]!);
      };
    const protocol = whenStarted((req, res) => this.provider!.callback()(req, res));
    return [
      { prefix: PROTECTED_RESOURCE_METADATA_PATH, handler: whenStarted((_req, res) => this.sendResourceMetadata(res)) },
      // RFC 8414 metadata is oidc-provider's discovery document under its OAuth name.
      {
        prefix: AUTHORIZATION_SERVER_METADATA_PATH,
        handler: whenStarted((req, res) => {
          req.url = OPENID_CONFIGURATION_PATH;
          return this.provider!.callback()(req, res);
        }),
      },
      { prefix: OPENID_CONFIGURATION_PATH, handler: protocol },
      { prefix: CONSENT_PATH, handler: whenStarted(consent) },
      { prefix: OAUTH_PATH, handler: protocol },
    ];
  }

  private sendResourceMetadata(res: ServerResponse): void {
    sendJson(
      res,
      200,
      {
        resource: this.resource,
        authorization_servers: [this.origin],
        // What MCP tools use; clients ask for these and the consent page lets the user grant less or more.
        scopes_supported: MCP_SCOPES,
        bearer_methods_supported: ['header'],
        resource_name: 'trafficgraph',
      },
      { 'cache-control': 'public, max-age=300', 'access-control-allow-origin': '*' },
    );
  }
}
