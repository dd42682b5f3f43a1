import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { OAuthClientProvider } from '@modelcontextprotocol/sdk/client/auth.js';
import type {
  OAuthClientInformationMixed,
  OAuthClientMetadata,
  OAuthTokens,
} from '@modelcontextprotocol/sdk/shared/auth.js';

/** The MCP SDK's OAuthClientProvider kept in memory, as a desktop or web client would keep it on disk. */
export class MemoryOAuthClient implements OAuthClientProvider {
  authorizationUrl: URL | null = null;
  private information: OAuthClientInformationMixed | undefined;
  private savedTokens: OAuthTokens | undefined;
  private verifier = '';

  constructor(
    readonly redirectUrl: string,
    /** An https URL when the client names itself by a Client ID Metadata Document; undefined to register (RFC 7591). */
    readonly clientMetadataUrl?: string,
  ) {}

  get clientMetadata(): OAuthClientMetadata {
    return {
      client_name: 'Test Assistant',
      redirect_uris: [this.redirectUrl],
      grant_types: ['authorization_code', 'refresh_token'],
      response_types: ['code'],
      token_endpoint_auth_method: 'none',
    };
  }

  clientInformation() {
    return this.information;
  }
  saveClientInformation(information: OAuthClientInformationMixed) {
    this.information = information;
  }
  tokens() {
    return this.savedTokens;
  }
  saveTokens(tokens: OAuthTokens) {
    this.savedTokens = tokens;
  }
  redirectToAuthorization(url: URL) {
    this.authorizationUrl = url;
  }
  saveCodeVerifier(verifier: string) {
    this.verifier = verifier;
  }
  codeVerifier() {
    return this.verifier;
  }
}

/**
 * The assistant's side on loopback: the redirect URI (records each authorization response) and, when asked,
 * a Client ID Metadata Document at /client.json.
 */
export async function startClientSite(clientName = 'Test Assistant'): Promise<{
  origin: string;
  callbacks: URL[];
  /** Every path asked of the site, in order. */
  requests: string[];
  metadataUrl: string;
  close(): Promise<void>;
}> {
  const callbacks: URL[] = [];
  const requests: string[] = [];
  let origin = '';
  const server: Server = createServer((req, res) => {
    const url = new URL(req.url ?? '/', origin);
    requests.push(url.pathname);
    if (url.pathname === '/callback') {
      callbacks.push(url);
      res.writeHead(200, { 'content-type': 'text/plain' }).end('You can close this window.');
      return;
    }
    if (url.pathname === '/client.json') {
      // Named https://127.0.0.1:PORT/client.json; the server fetches it over http only under its test-only allowance.
      const document = {
        client_id: `https://127.0.0.1:${new URL(origin).port}/client.json`,
        client_name: clientName,
        redirect_uris: [`${origin}/callback`],
        grant_types: ['authorization_code', 'refresh_token'],
        response_types: ['code'],
        token_endpoint_auth_method: 'none',
      };
      res
        .writeHead(200, { 'content-type': 'application/json', 'cache-control': 'max-age=60' })
        .end(JSON.stringify(document));
      return;
    }
    res.writeHead(404).end();
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  origin = `http://127.0.0.1:${port}`;
  return {
    origin,
    callbacks,
    requests,
    metadataUrl: `https://127.0.0.1:${port}/client.json`,
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}
