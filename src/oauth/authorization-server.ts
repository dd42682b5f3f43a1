import type { Configuration, default as Provider } from 'oidc-provider';
import { SCOPES } from '../auth/scopes.ts';
import type { Database } from '../db/database.ts';
import { loadOAuthSecrets } from './oauth-secrets.ts';
import { oauthStorage } from './oauth-storage.ts';

/** Every endpoint of the authorization server lives under /oauth (metadata under /.well-known). */
export const OAUTH_PATH = '/oauth';
export const CONSENT_PATH = `${OAUTH_PATH}/consent`;
export const OAUTH_ROUTES = {
  authorization: `${OAUTH_PATH}/authorize`,
  token: `${OAUTH_PATH}/token`,
  registration: `${OAUTH_PATH}/register`,
  revocation: `${OAUTH_PATH}/revoke`,
  jwks: `${OAUTH_PATH}/jwks`,
  end_session: `${OAUTH_PATH}/session/end`,
  userinfo: `${OAUTH_PATH}/userinfo`,
} as const;

/** Access tokens live minutes; refresh tokens rotate on each use and last a month unused. */
export const ACCESS_TOKEN_SECONDS = 600;
const TTL = {
  AccessToken: ACCESS_TOKEN_SECONDS,
  AuthorizationCode: 60,
  RefreshToken: 30 * 86400,
  Grant: 365 * 86400,
  Interaction: 3600,
  Session: 86400,
};

export interface AuthorizationServerOptions {
  db: Database;
  /** The public origin clients reach (PUBLIC_URL, or the listening address): the issuer. */
  issuer: string;
  /** The protected resource (…/mcp) every token is bound to (RFC 8707). */
  resource: string;
  /** Behind a TLS-terminating proxy: trust X-Forwarded-Proto/Host, as Koa's `proxy` does. */
  trustProxy: boolean;
  /**
   * TEST ONLY, never set from configuration: lets a Client ID Metadata Document named https://127.0.0.1:PORT/…
   * be fetched over plain http from loopback, so a test can serve one without a certificate.
   */
  testOnlyCimdOverLoopbackHttp?: boolean;
}

export type AuthorizationServer = Provider;

/** oidc-provider configured as an OAuth 2.1 authorization server for the MCP endpoint and nothing else. */
export async function createAuthorizationServer(options: AuthorizationServerOptions): Promise<AuthorizationServer> {
  // Loaded once the server listens: on import it warns about Node 20 on stderr, which would add a line to
  // every configuration error the CLI reports in one line.
  const { default: Provider, errors } = await import('oidc-provider');
  const { signingKey, cookieKey } = await loadOAuthSecrets(options.db);
  const configuration: Configuration = {
    adapter: oauthStorage(options.db),
    clients: [],
    // The subject is whoever signed in on the consent page; what the grant may see lives in its access token row.
    findAccount: (_ctx, sub) => ({ accountId: sub, claims: () => ({ sub }) }),
    jwks: { keys: [signingKey] },
    cookies: { keys: [cookieKey] },
    scopes: [...SCOPES, 'offline_access'],
    responseTypes: ['code'],
    pkce: { required: () => true },
    routes: OAUTH_ROUTES,
    interactions: { url: (_ctx, interaction) => `${CONSENT_PATH}/${interaction.uid}` },
    // ES256: the one signing key there is (ID tokens only, for clients that also ask for openid).
    clientDefaults: {
      grant_types: ['authorization_code', 'refresh_token'],
      response_types: ['code'],
      token_endpoint_auth_method: 'none',
      id_token_signed_response_alg: 'ES256',
    },
    features: {
      devInteractions: { enabled: false },
      userinfo: { enabled: false },
      pushedAuthorizationRequests: { enabled: false },
      registration: { enabled: true },
      revocation: { enabled: true },
      clientIdMetadataDocument: { enabled: true, ack: 'draft-02' },
      resourceIndicators: {
        enabled: true,
        defaultResource: () => options.resource,
        useGrantedResource: () => true,
        getResourceServerInfo: (_ctx, resource) => {
          // One protected resource: a token for anything else is never minted (no token passthrough).
          if (resource !== options.resource)
            throw new errors.InvalidTarget(`the only resource here is ${options.resource}`);
          return {
            scope: SCOPES.join(' '),
            audience: options.resource,
            accessTokenTTL: ACCESS_TOKEN_SECONDS,
            accessTokenFormat: 'opaque',
          };
        },
      },
    },
    rotateRefreshToken: true,
    // Clients that asked for refresh_token get one without offline_access: MCP clients rarely ask for it.
    issueRefreshToken: (_ctx, client) => client.grantTypeAllowed('refresh_token'),
    ttl: TTL,
    renderError: (ctx, out) => {
      ctx.type = 'html';
      ctx.body = `<!doctype html><meta charset="utf-8"><title>Authorization failed</title><h1>Authorization failed</h1><p>${escapeHtml(String(out.error ?? 'error'))}: ${escapeHtml(String(out.error_description ?? ''))}</p><p>Start again from your assistant.</p>`;
    },
    ...(options.testOnlyCimdOverLoopbackHttp ? { fetch: loopbackHttpFetch } : {}),
  };
  const provider = new Provider(options.issuer, configuration);
  provider.proxy = options.trustProxy;
  return provider;
}

const escapeHtml = (text: string) => text.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);

/**
 * See `testOnlyCimdOverLoopbackHttp`: a loopback https:// document is fetched over http://. Only the literal
 * 127.0.0.1 goes without the SSRF guard, so a test can still show that any other private name is refused.
 */
const loopbackHttpFetch: NonNullable<Configuration['fetch']> = (url, init) => {
  if (url instanceof Request) return fetch(url, init);
  const target = new URL(url);
  if (target.hostname !== '127.0.0.1' && target.hostname !== 'localhost') return fetch(url, init);
  target.protocol = 'http:';
  if (target.hostname === 'localhost') return fetch(target, init);
  const { dispatcher: _ssrfGuard, ...rest } = init as RequestInit & { dispatcher?: unknown };
  return fetch(target, rest);
};
