import type { Client } from '@modelcontextprotocol/sdk/client/index.js';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { connectLegacySse, startTestApp, revokeTokenAsAdmin } from '../helpers/app-server.ts';
import { createAccount, createToken, type TestAccount } from '../helpers/fixtures.ts';

// Short settings instead of long sleeps: streams re-check every second.
const CHECK_SECONDS = 1;
const IDLE_SECONDS = 2;

/** Milliseconds until the server ends the client's event stream (the SDK reports it as a transport error). */
function streamEnd(client: Client, since: number): Promise<number> {
  return new Promise((resolve) => {
    client.onerror = () => resolve(Date.now() - since);
  });
}

describe('legacy SSE streams are closed', () => {
  let app: Awaited<ReturnType<typeof startTestApp>>;
  let idleApp: Awaited<ReturnType<typeof startTestApp>>;
  let acme: TestAccount;

  beforeAll(async () => {
    app = await startTestApp({ MCP_STREAM_CHECK_SECONDS: String(CHECK_SECONDS) });
    idleApp = await startTestApp({
      MCP_STREAM_CHECK_SECONDS: String(CHECK_SECONDS),
      MCP_SESSION_IDLE_SECONDS: String(IDLE_SECONDS),
    });
    acme = await createAccount(app.db, 'acme', ['production'], ['orders']);
  });
  afterAll(async () => {
    await app.dispose();
    await idleApp.dispose();
  });

  it('closes a stream within two checks of its token being revoked', async () => {
    const token = await createToken(app.db, acme, { environment: 'production' });
    const sse = await connectLegacySse(app.url, token.secret);
    try {
      await sse.listTools();
      expect(await revokeTokenAsAdmin(app.url, token.id)).toEqual({ revokeAccessToken: { status: 'revoked' } });
      const ended = await Promise.race([
        streamEnd(sse, Date.now()),
        new Promise<'open'>((resolve) => setTimeout(() => resolve('open'), 2 * CHECK_SECONDS * 1000 + 1500)),
      ]);
      expect(ended).not.toBe('open');
    } finally {
      await sse.close().catch(() => {});
    }
  });

  it('closes a stream idle past MCP_SESSION_IDLE_SECONDS, and not before', async () => {
    const token = await createToken(idleApp.db, await createAccount(idleApp.db, 'idle', ['production'], ['orders']), {
      environment: 'production',
    });
    const sse = await connectLegacySse(idleApp.url, token.secret);
    try {
      const opened = Date.now();
      const ended = await Promise.race([
        streamEnd(sse, opened),
        new Promise<'open'>((resolve) =>
          setTimeout(() => resolve('open'), (IDLE_SECONDS + 2 * CHECK_SECONDS) * 1000 + 1500),
        ),
      ]);
      expect(ended).not.toBe('open');
      expect(ended).toBeGreaterThanOrEqual(IDLE_SECONDS * 1000 - 100);
    } finally {
      await sse.close().catch(() => {});
    }
  });
});
