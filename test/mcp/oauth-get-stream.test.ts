import { UnauthorizedError } from '@modelcontextprotocol/sdk/client/auth.js';
import { Client } from '@modelcontextprotocol/sdk/client/index.js';
import { StreamableHTTPClientTransport } from '@modelcontextprotocol/sdk/client/streamableHttp.js';
import type { FetchLike } from '@modelcontextprotocol/sdk/shared/transport.js';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { revokeTokenAsAdmin, startTestApp } from '../helpers/app-server.ts';
import { createAccount, type TestAccount } from '../helpers/fixtures.ts';
import { MemoryOAuthClient, startClientSite } from '../helpers/oauth-client.ts';
import { approveAuthorization } from '../helpers/oauth-consent.ts';

// A one-second re-check instead of the default fifteen, so each test takes a second or two.
const CHECK_SECONDS = 1;
// Past this without an outcome the stream is stuck, not slow: the server checks once per second.
const OUTCOME_TIMEOUT_MS = 2 * CHECK_SECONDS * 1000 + 1500;
// The SDK reopens an ended GET stream on its own; without retries, each stream seen is the one opened.
const NO_RECONNECTION = {
  initialReconnectionDelay: 1000,
  maxReconnectionDelay: 1000,
  reconnectionDelayGrowFactor: 1,
  maxRetries: 0,
};

/** One GET event stream as the client received it: a keep-alive follows each re-check the token passed. */
interface ObservedStream {
  keepAlives: number;
  /** The server ended the stream (a client-side abort does not count). */
  ended: boolean;
}

/** The SDK's fetch, recording each GET event stream the server opened for the client. */
function observeEventStreams(): { fetch: FetchLike; streams: ObservedStream[] } {
  const streams: ObservedStream[] = [];
  const observed: FetchLike = async (url, init) => {
    const response = await fetch(url, init);
    if (init?.method !== 'GET' || !response.ok || !response.body) return response;
    const stream: ObservedStream = { keepAlives: 0, ended: false };
    streams.push(stream);
    const decoder = new TextDecoder();
    const body = response.body.pipeThrough(
      new TransformStream<Uint8Array, Uint8Array>({
        transform(chunk, controller) {
          stream.keepAlives += decoder.decode(chunk, { stream: true }).split(': keep-alive').length - 1;
          controller.enqueue(chunk);
        },
        flush() {
          stream.ended = true;
        },
      }),
    );
    return new Response(body, { status: response.status, statusText: response.statusText, headers: response.headers });
  };
  return { fetch: observed, streams };
}

describe("an OAuth client's Streamable HTTP GET stream is re-checked with the audience its token was issued for", () => {
  let app: Awaited<ReturnType<typeof startTestApp>>;
  let site: Awaited<ReturnType<typeof startClientSite>>;
  let acme: TestAccount;

  beforeAll(async () => {
    app = await startTestApp({ MCP_STREAM_CHECK_SECONDS: String(CHECK_SECONDS) });
    site = await startClientSite();
    acme = await createAccount(app.db, 'acme', ['production'], ['orders']);
  });
  afterAll(async () => {
    await site?.close();
    await app?.dispose();
  });

  /**
   * The SDK client's whole first connection with a real access token: 401, discovery, registration, consent
   * (approved over plain HTTP), token exchange, then connected with its GET stream open.
   */
  async function connectOverOAuth() {
    const mcpUrl = new URL('/mcp', app.url);
    const oauthClient = new MemoryOAuthClient(`${site.origin}/callback`);
    await expect(
      new Client({ name: 'oauth-stream', version: '1.0.0' }).connect(
        new StreamableHTTPClientTransport(mcpUrl, { authProvider: oauthClient }),
      ),
    ).rejects.toBeInstanceOf(UnauthorizedError);
    const ended = await approveAuthorization(app.url, oauthClient.authorizationUrl!, {
      environment: acme.environments.production!,
      buckets: null,
      scopes: ['TRAFFIC_READ'],
    });
    await new StreamableHTTPClientTransport(mcpUrl, { authProvider: oauthClient }).finishAuth(
      ended.searchParams.get('code')!,
    );
    const { fetch, streams } = observeEventStreams();
    const client = new Client({ name: 'oauth-stream', version: '1.0.0' });
    await client.connect(
      new StreamableHTTPClientTransport(mcpUrl, {
        authProvider: oauthClient,
        fetch,
        reconnectionOptions: NO_RECONNECTION,
      }),
    );
    await expect.poll(() => streams.length).toBe(1);
    const grantToken = await app.db.prisma.accessToken.findFirstOrThrow({
      where: { oauthClientId: oauthClient.clientInformation()!.client_id },
    });
    return { client, stream: streams[0]!, grantTokenId: grantToken.id };
  }

  it('stays open through its token re-checks', async () => {
    const { client, stream } = await connectOverOAuth();
    try {
      await expect.poll(() => stream.ended || stream.keepAlives >= 2, { timeout: OUTCOME_TIMEOUT_MS }).toBe(true);
      expect(stream).toMatchObject({ ended: false });
    } finally {
      await client.close();
    }
  });

  it('is closed within two re-checks of its grant being revoked', async () => {
    const { client, stream, grantTokenId } = await connectOverOAuth();
    try {
      await expect.poll(() => stream.keepAlives, { timeout: OUTCOME_TIMEOUT_MS }).toBeGreaterThanOrEqual(1);
      expect(await revokeTokenAsAdmin(app.url, grantTokenId)).toEqual({ revokeAccessToken: { status: 'revoked' } });
      await expect.poll(() => stream.ended, { timeout: OUTCOME_TIMEOUT_MS }).toBe(true);
    } finally {
      await client.close();
    }
  });
});
