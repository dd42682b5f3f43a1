import { existsSync } from 'node:fs';
import { auth, UnauthorizedError } from '@modelcontextprotocol/sdk/client/auth.js';
import { Client } from '@modelcontextprotocol/sdk/client/index.js';
import { StreamableHTTPClientTransport } from '@modelcontextprotocol/sdk/client/streamableHttp.js';
import { chromium, type Browser, type Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { RequestRecord } from '../../src/domain/ingest/request-record.ts';
import { startTestApp, TEST_ADMIN_TOKEN } from '../helpers/app-server.ts';
import { createPostgresDatabase, DATABASE_KINDS, servicesRequired } from '../helpers/databases.ts';
import { createAccount, type TestAccount } from '../helpers/fixtures.ts';
import { MemoryOAuthClient, startClientSite } from '../helpers/oauth-client.ts';
import { store, trafficFor } from '../helpers/traffic-data.ts';

const CHROMIUM = '/usr/bin/chromium';
const available = existsSync(CHROMIUM);
if (!available && servicesRequired)
  throw new Error(`REQUIRE_SERVICES=1 but ${CHROMIUM} is missing (apt-get install chromium)`);

type TextResult = { content: { text: string }[]; structuredContent?: Record<string, unknown>; isError?: boolean };

describe.runIf(available).each(DATABASE_KINDS)(
  'an assistant connects over OAuth (%s): discovery, registration, consent in the console, tokens',
  (kind) => {
    let app: Awaited<ReturnType<typeof startTestApp>>;
    let site: Awaited<ReturnType<typeof startClientSite>>;
    let acme: TestAccount;
    let records: RequestRecord[];
    let browser: Browser;
    let page: Page;
    let mcpUrl: URL;
    let postgres: Awaited<ReturnType<typeof createPostgresDatabase>> | null = null;

    beforeAll(async () => {
      postgres = kind === 'postgres' ? await createPostgresDatabase() : null;
      app = await startTestApp(postgres ? { DATABASE_URL: postgres.url } : {}, { testOnlyCimdOverLoopbackHttp: true });
      mcpUrl = new URL('/mcp', app.url);
      site = await startClientSite('Assistant Named By Its Document');
      acme = await createAccount(app.db, 'acme', ['production', 'staging'], ['orders', 'billing']);
      const until = new Date(Math.floor(Date.now() / 3_600_000) * 3_600_000);
      records = trafficFor(acme, { seed: 7, requests: 1500, days: 1, until });
      await store(app.db, records);
      browser = await chromium.launch({
        executablePath: CHROMIUM,
        args: ['--no-sandbox', '--disable-gpu', '--no-first-run', '--disable-background-networking'],
      });
      page = await (await browser.newContext()).newPage();
      page.on('dialog', (dialog) => void dialog.accept());
    }, 120_000);

    afterAll(async () => {
      await browser?.close();
      await site?.close();
      await app?.dispose();
      await postgres?.drop();
    });

    /** Connects; on the first try the SDK meets the 401, discovers, registers and asks for the browser. */
    async function connect(oauthClient: MemoryOAuthClient) {
      const transport = new StreamableHTTPClientTransport(mcpUrl, { authProvider: oauthClient });
      const client = new Client({ name: 'oauth-e2e', version: '1.0.0' });
      await client.connect(transport);
      return client;
    }

    /** The user's part: sign in if asked, pick staging and the billing bucket only, approve. Returns the code. */
    async function consentInBrowser(authorizationUrl: URL, expectedClientName: string): Promise<string> {
      const before = site.callbacks.length;
      await page.goto(authorizationUrl.href);
      const signIn = page.locator('input[name=token]');
      const consent = page.getByTestId('client-name');
      await signIn.or(consent).first().waitFor();
      if (await signIn.isVisible()) {
        await signIn.fill(TEST_ADMIN_TOKEN);
        await page.getByRole('button', { name: 'Sign in' }).click();
      }
      await expect.poll(() => consent.textContent()).toBe(expectedClientName);
      expect(await page.getByTestId('redirect-host').textContent()).toBe(new URL(site.origin).host);
      await page.locator('select[name=environment]').selectOption({ label: 'staging' });
      await page.locator('input[name=allBuckets]').uncheck();
      await page.locator(`input[name=bucket][value="${acme.buckets.billing}"]`).check();
      await page.getByRole('button', { name: 'Approve' }).click();
      await expect.poll(() => site.callbacks.length).toBe(before + 1);
      const callback = site.callbacks.at(-1)!;
      expect(callback.searchParams.get('error')).toBeNull();
      return callback.searchParams.get('code')!;
    }

    /** The whole first connection: 401 → discovery → registration → consent → token exchange → connected. */
    async function authorize(oauthClient: MemoryOAuthClient, clientName: string): Promise<Client> {
      await expect(connect(oauthClient)).rejects.toBeInstanceOf(UnauthorizedError);
      expect(oauthClient.authorizationUrl?.searchParams.get('code_challenge_method')).toBe('S256');
      expect(oauthClient.authorizationUrl?.searchParams.get('resource')).toBe(mcpUrl.href);
      const code = await consentInBrowser(oauthClient.authorizationUrl!, clientName);
      const transport = new StreamableHTTPClientTransport(mcpUrl, { authProvider: oauthClient });
      await transport.finishAuth(code);
      return connect(oauthClient);
    }

    async function visibleBuckets(client: Client): Promise<string[]> {
      const result = (await client.callTool({ name: 'list_buckets', arguments: {} })) as TextResult;
      return (result.structuredContent as { buckets: { name: string }[] }).buckets.map((b) => b.name);
    }

    it('a client registered by RFC 7591 sees only the environment and bucket the user chose', async () => {
      const oauthClient = new MemoryOAuthClient(`${site.origin}/callback`);
      const client = await authorize(oauthClient, 'Test Assistant');
      expect(oauthClient.clientInformation()?.client_id).toBeTruthy();
      expect(await visibleBuckets(client)).toEqual(['billing']);
      const metrics = (await client.callTool({ name: 'get_metrics', arguments: { since: '2d' } })) as TextResult;
      const visible = records.filter(
        (r) => r.environmentId === acme.environments.staging && r.bucketId === acme.buckets.billing,
      );
      expect(metrics.structuredContent?.total_requests).toBe(visible.length);
      const row = await app.db.prisma.accessToken.findFirstOrThrow({
        where: { oauthClientId: oauthClient.clientInformation()!.client_id },
      });
      expect(row).toMatchObject({
        name: 'Test Assistant',
        environmentId: acme.environments.staging,
        allBuckets: false,
      });
      await client.close();
    }, 60_000);

    it('a client named by a Client ID Metadata Document is shown by the name its document gives', async () => {
      const oauthClient = new MemoryOAuthClient(`${site.origin}/callback`, site.metadataUrl);
      const client = await authorize(oauthClient, 'Assistant Named By Its Document');
      expect(oauthClient.clientInformation()?.client_id).toBe(site.metadataUrl);
      expect(await visibleBuckets(client)).toEqual(['billing']);
      await client.close();
    }, 60_000);

    it('a refresh gives a new access token; replaying the old refresh token revokes the grant', async () => {
      const oauthClient = new MemoryOAuthClient(`${site.origin}/callback`);
      const client = await authorize(oauthClient, 'Test Assistant');
      const first = oauthClient.tokens()!;
      expect(first.refresh_token).toBeTruthy();
      expect(first.expires_in).toBeLessThanOrEqual(600);
      expect(await auth(oauthClient, { serverUrl: mcpUrl })).toBe('AUTHORIZED');
      const second = oauthClient.tokens()!;
      expect(second.access_token).not.toBe(first.access_token);
      expect(second.refresh_token).not.toBe(first.refresh_token);
      expect(await visibleBuckets(client)).toEqual(['billing']);

      const replay = await fetch(new URL('/oauth/token', app.url), {
        method: 'POST',
        headers: { 'content-type': 'application/x-www-form-urlencoded' },
        body: new URLSearchParams({
          grant_type: 'refresh_token',
          refresh_token: first.refresh_token!,
          client_id: oauthClient.clientInformation()!.client_id,
        }),
      });
      expect(replay.status).toBe(400);
      expect(((await replay.json()) as { error: string }).error).toBe('invalid_grant');
      // The grant is gone: the current access token fails on its next call, and so does the newest refresh token.
      const next = await fetch(mcpUrl, {
        method: 'POST',
        headers: {
          authorization: `Bearer ${second.access_token}`,
          'content-type': 'application/json',
          accept: 'application/json, text/event-stream',
        },
        body: '{}',
      });
      expect(next.status).toBe(401);
      const row = await app.db.prisma.accessToken.findFirstOrThrow({
        where: { oauthClientId: oauthClient.clientInformation()!.client_id },
      });
      expect(row.revokedAt).not.toBeNull();
      await client.close().catch(() => {});
    }, 60_000);

    it('revoking the grant on the Tokens page ends access on the next call', async () => {
      const oauthClient = new MemoryOAuthClient(`${site.origin}/callback`);
      const client = await authorize(oauthClient, 'Test Assistant');
      expect(await visibleBuckets(client)).toEqual(['billing']);
      const row = await app.db.prisma.accessToken.findFirstOrThrow({
        where: { oauthClientId: oauthClient.clientInformation()!.client_id },
      });
      await page.goto(`${app.url}/console#/tokens`);
      const tokenRow = page.locator('tr', { has: page.getByText(row.prefix) });
      await tokenRow.getByRole('button', { name: 'Revoke Test Assistant' }).click();
      await expect
        .poll(async () => (await app.db.prisma.accessToken.findUniqueOrThrow({ where: { id: row.id } })).revokedAt)
        .not.toBeNull();
      await expect(client.callTool({ name: 'list_buckets', arguments: {} })).rejects.toThrow();
      // Nor can the client refresh its way back.
      const refreshed = await fetch(new URL('/oauth/token', app.url), {
        method: 'POST',
        headers: { 'content-type': 'application/x-www-form-urlencoded' },
        body: new URLSearchParams({
          grant_type: 'refresh_token',
          refresh_token: oauthClient.tokens()!.refresh_token!,
          client_id: oauthClient.clientInformation()!.client_id,
        }),
      });
      expect(refreshed.status).toBe(400);
      await client.close().catch(() => {});
    }, 60_000);
  },
);
