import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { connectStreamable, startTestApp } from '../helpers/app-server.ts';
import { createAccount, createToken } from '../helpers/fixtures.ts';

describe('MCP sessions', () => {
  let app: Awaited<ReturnType<typeof startTestApp>>;
  // The session store's clock: the test moves it instead of sleeping through the idle time.
  let now = Date.now();
  beforeAll(async () => {
    app = await startTestApp({ MCP_SESSION_IDLE_SECONDS: '2' }, { testOnlySessionClock: () => now });
  });
  afterAll(() => app.dispose());

  it('expire after the configured idle time, and stay alive while used', async () => {
    const account = await createAccount(app.db, 'idle');
    const token = await createToken(app.db, account, { environment: 'production' });
    const { client } = await connectStreamable(app.url, token.secret);
    // Used every 0.3 s for longer than the idle time: it stays alive.
    for (let i = 0; i < 8; i++) {
      now += 300;
      expect((await client.callTool({ name: 'list_buckets', arguments: {} })).isError).toBeUndefined();
    }
    now += 2_000;
    await expect(client.callTool({ name: 'list_buckets', arguments: {} })).rejects.toThrow(/404|Session not found/);
  });
});
