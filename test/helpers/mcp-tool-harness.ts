import type { Client } from '@modelcontextprotocol/sdk/client/index.js';
import { afterAll, beforeAll } from 'vitest';
import type { Scope } from '../../src/auth/scopes.ts';
import type { RequestRecord } from '../../src/domain/ingest/request-record.ts';
import { importSnapshot } from '../../src/domain/inventory/import-snapshot.ts';
import { connectStreamable, stableText, startTestApp } from './app-server.ts';
import { scannedFile } from './config-files.ts';
import { seedDeploymentRegression } from './deployment-regression.ts';
import { createAccount, createToken, type TestAccount } from './fixtures.ts';
import { FIXED_DATE_RETENTION_DAYS } from './graphql-harness.ts';
import { store, trafficFor } from './traffic-data.ts';

/** What a tool call answers, as the tests read it. */
export interface ToolResult {
  content: { type: string; text: string }[];
  structuredContent?: Record<string, unknown>;
  isError?: boolean;
}

export type CallTool = (name: string, args?: Record<string, unknown>) => Promise<ToolResult>;

/** The text a model reads, with generated ids shown as <id> so a snapshot holds from run to run. */
export const toolText = (result: ToolResult) => stableText(result.content[0]!.text);

/** Six hours inside the demo-like traffic: the range most tool snapshots use. */
export const DEMO_WINDOW = { from: '2026-09-30T12:00:00Z', to: '2026-09-30T18:00:00Z' };
const DEMO_UNTIL = new Date('2026-10-01T00:00:00Z');

/** The known-regression days: a deployment at 16:00 on the last one (see deployment-regression.ts). */
export const REGRESSION_LAST_DAY = { from: '2026-10-24T00:00:00Z', to: '2026-10-25T00:00:00Z' };
const REGRESSION = {
  from: new Date('2026-10-20T00:00:00Z'),
  until: new Date('2026-10-25T00:00:00Z'),
  deployedAt: new Date('2026-10-24T16:00:00Z'),
};

type App = Awaited<ReturnType<typeof startTestApp>>;

/**
 * The fixtures above are stamped at fixed dates, and the server judges the 90-day default retention against
 * the wall clock: from 2026-12-29 it would call these ranges incomplete and stop listing their rows.
 */
const FIXED_DATE_FIXTURES = { RETENTION_DAYS: String(FIXED_DATE_RETENTION_DAYS) };

/**
 * A client as an assistant's host uses it: connected over Streamable HTTP and the tool list fetched once, so
 * the SDK checks every structured result against the output schema tools/list showed.
 */
async function connectClient(url: string, secret: string): Promise<Client> {
  const { client } = await connectStreamable(url, secret);
  await client.listTools();
  return client;
}

function caller(client: () => Client): CallTool {
  return async (name, args = {}) => (await client().callTool({ name, arguments: args })) as ToolResult;
}

/**
 * Starts `setUp` before the file's tests and closes what it opened after them; the returned getter throws when
 * read outside the tests (at collection time, before beforeAll ran).
 */
function perFile<State extends { app: App; clients: Client[] }>(
  setUp: () => Promise<State>,
  timeoutMs?: number,
): () => State {
  let state: State | undefined;
  beforeAll(async () => {
    state = await setUp();
  }, timeoutMs);
  afterAll(async () => {
    for (const client of state?.clients ?? []) await client.close();
    await state?.app.dispose();
  });
  return () => {
    if (!state) throw new Error('The MCP tool harness is set up in beforeAll: read it inside a test.');
    return state;
  };
}

interface TrafficToolsState {
  app: App;
  account: TestAccount;
  records: RequestRecord[];
  secret: string;
  client: Client;
  inventoryReader: Client | null;
  clients: Client[];
}

export interface TrafficTools {
  readonly app: App;
  readonly account: TestAccount;
  /** The requests stored, to count what an answer should say (empty without `traffic`). */
  readonly records: RequestRecord[];
  /** The assistant token's secret (production, every bucket, the default MCP scopes). */
  readonly secret: string;
  call: CallTool;
  /** With `inventory`: the calls of a token with inventory:read alone. */
  inventory: CallTool;
  /** What tools/list shows the assistant token. */
  listTools(): ReturnType<Client['listTools']>;
  /** Another client of the same account, for a token with these scopes; closed with the file. */
  connect(scopes: Scope[]): Promise<{ client: Client; call: CallTool }>;
}

/**
 * The account the tool tests read: production and staging, buckets checkout and catalog, one redaction and
 * one exclusion rule, and an "assistant" token connected over Streamable HTTP. With `traffic`, 3,000
 * demo-like requests over the two days before 2026-10-01 (seed 21: the snapshots depend on it). With
 * `inventory`, two snapshots of one laptop's MCP configuration and a connected inventory:read token.
 */
export function useTrafficTools(options: { traffic: boolean; inventory?: boolean }): TrafficTools {
  const state = perFile<TrafficToolsState>(async () => {
    const app = await startTestApp(FIXED_DATE_FIXTURES);
    const account = await createAccount(app.db, 'mcp', ['production', 'staging'], ['checkout', 'catalog']);
    const records = options.traffic
      ? trafficFor(account, { seed: 21, requests: 3000, days: 2, until: DEMO_UNTIL })
      : [];
    await store(app.db, records);
    await app.db.prisma.redactionRule.create({
      data: { accountId: account.accountId, name: 'Authorization header', target: 'header', selector: 'authorization' },
    });
    await app.db.prisma.exclusionRule.create({
      data: { accountId: account.accountId, name: 'Health checks', method: 'GET', pathPattern: '/healthz' },
    });
    const { secret } = await createToken(app.db, account, {
      environment: 'production',
      buckets: 'all',
      name: 'assistant',
    });
    const client = await connectClient(app.url, secret);
    if (!options.inventory) return { app, account, records, secret, client, inventoryReader: null, clients: [client] };
    await importLaptopSnapshots(app.db, account.accountId);
    const reader = await createToken(app.db, account, { environment: 'production', scopes: ['inventory:read'] });
    const inventoryReader = await connectClient(app.url, reader.secret);
    return { app, account, records, secret, client, inventoryReader, clients: [client, inventoryReader] };
  });
  return {
    get app() {
      return state().app;
    },
    get account() {
      return state().account;
    },
    get records() {
      return state().records;
    },
    get secret() {
      return state().secret;
    },
    call: caller(() => state().client),
    inventory: caller(() => {
      const reader = state().inventoryReader;
      if (!reader) throw new Error('Ask useTrafficTools for { inventory: true } to call the inventory tools.');
      return reader;
    }),
    listTools: () => state().client.listTools(),
    async connect(scopes) {
      const { app, account, clients } = state();
      const { secret } = await createToken(app.db, account, { environment: 'production', scopes });
      const client = await connectClient(app.url, secret);
      clients.push(client);
      return { client, call: caller(() => client) };
    },
  };
}

/** The stored production requests in [from, to), optionally only those `matching`: what an answer should count. */
export function productionRequests(
  tools: TrafficTools,
  range: { from: string; to: string },
  matching: (record: RequestRecord) => boolean = () => true,
): RequestRecord[] {
  const from = new Date(range.from);
  const to = new Date(range.to);
  return tools.records.filter(
    (r) =>
      r.environmentId === tools.account.environments.production &&
      r.timestamp >= from &&
      r.timestamp < to &&
      matching(r),
  );
}

/**
 * Two snapshots of one laptop's Claude Desktop config: `fetch` on 2026-09-01, then `fetch` and `github` (with a
 * generated GitHub token in its env) on 2026-09-02.
 */
async function importLaptopSnapshots(db: App['db'], accountId: string): Promise<void> {
  const file = (content: object) =>
    scannedFile({
      client: 'claude_desktop',
      fileName: 'claude_desktop_config.json',
      filePath: '/Users/sam/Library/Application Support/Claude/claude_desktop_config.json',
      content: JSON.stringify(content),
    });
  const laptop = { label: 'laptop', hostname: 'sam-laptop', platform: 'darwin' };
  const fetchServer = { command: 'uvx', args: ['mcp-server-fetch'] };
  await importSnapshot(db, accountId, {
    ...laptop,
    takenAt: new Date('2026-09-01T10:00:00Z'),
    files: [file({ mcpServers: { fetch: fetchServer } })],
  });
  await importSnapshot(db, accountId, {
    ...laptop,
    takenAt: new Date('2026-09-02T10:00:00Z'),
    files: [
      file({
        mcpServers: {
          fetch: fetchServer,
          github: {
            command: 'npx',
            args: ['-y', '@modelcontextprotocol/server-github'],
            env: { GITHUB_TOKEN: `ghp_${'Ab1'.repeat(12)}` },
          },
        },
      }),
    ],
  });
}

export interface RegressionTools {
  /** The deployment event at 16:00 on the last day. */
  readonly deploymentId: string;
  /** A production token's calls: production regresses after the deployment. */
  changed: CallTool;
  /** A staging token's calls: staging carries the same cycle with no change. */
  unchanged: CallTool;
  /** What tools/list shows the production token. */
  listTools(): ReturnType<Client['listTools']>;
}

/** The known-regression traffic of deployment-regression.ts, read by a production and a staging token. */
export function useRegressionTools(): RegressionTools {
  const state = perFile(async () => {
    const app = await startTestApp(FIXED_DATE_FIXTURES);
    const account = await createAccount(app.db, 'analysis', ['production', 'staging'], ['api']);
    const deploymentId = await seedDeploymentRegression(app.db, account, REGRESSION);
    const secret = async (environment: string) => (await createToken(app.db, account, { environment })).secret;
    const changed = await connectClient(app.url, await secret('production'));
    const unchanged = await connectClient(app.url, await secret('staging'));
    return { app, deploymentId, changed, unchanged, clients: [changed, unchanged] };
  }, 180_000);
  return {
    get deploymentId() {
      return state().deploymentId;
    },
    changed: caller(() => state().changed),
    unchanged: caller(() => state().unchanged),
    listTools: () => state().changed.listTools(),
  };
}
