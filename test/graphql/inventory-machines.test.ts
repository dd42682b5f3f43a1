import { randomBytes } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestApp, TEST_ADMIN_TOKEN } from '../helpers/app-server.ts';
import { fileInput } from '../helpers/config-files.ts';
import { createAccount } from '../helpers/fixtures.ts';
import { postGraphQL } from '../helpers/server-process.ts';

const IMPORT = `mutation($input: ImportSnapshotInput!) { importSnapshot(input: $input) { snapshotId } }`;

interface Row {
  serverName: string;
  machine: string;
  snapshotId: number;
  status: string;
  firstSeen: string;
  lastSeen: string;
  snapshotCount: number;
  fleet: { machineCount: number; detectedMachineCount: number; snapshotCount: number };
}

describe('two machines whose snapshots interleave', () => {
  let app: Awaited<ReturnType<typeof startTestApp>>;
  const token = `ghp_${randomBytes(18).toString('hex')}`;
  const ids: Record<string, number> = {};
  const T = {
    a1: '2026-03-01T10:00:00.000Z',
    b1: '2026-03-01T11:00:00.000Z',
    a2: '2026-03-02T10:00:00.000Z',
    b2: '2026-03-02T11:00:00.000Z',
  };
  const send = async (key: keyof typeof T, machine: string, servers: Record<string, unknown>) => {
    const file = fileInput({
      client: 'claude_desktop',
      fileName: 'claude_desktop_config.json',
      filePath: `/Users/sam/${machine}/claude_desktop_config.json`,
      content: JSON.stringify({ mcpServers: servers }),
    });
    const result = await postGraphQL<{ importSnapshot: { snapshotId: number } }>(app.url, TEST_ADMIN_TOKEN, IMPORT, {
      input: { machine, label: key, takenAt: T[key], files: [file] },
    });
    expect(result.body.errors).toBeUndefined();
    ids[key] = result.body.data!.importSnapshot.snapshotId;
  };
  const github = (args: string[]) => ({ command: 'npx', args, env: { GITHUB_TOKEN: token } });
  let rows: Row[];

  beforeAll(async () => {
    app = await startTestApp();
    await createAccount(app.db, 'fleet');
    await send('a1', 'machine-a', {
      github: github(['-y', '@modelcontextprotocol/server-github']),
      filesystem: { command: 'npx', args: ['@modelcontextprotocol/server-filesystem'] },
    });
    await send('b1', 'machine-b', { slack: { command: 'npx', args: ['@modelcontextprotocol/server-slack'] } });
    await send('a2', 'machine-a', { github: github(['-y', '@modelcontextprotocol/server-github@2']) });
    await send('b2', 'machine-b', {
      slack: { command: 'npx', args: ['@modelcontextprotocol/server-slack'] },
      memory: { command: 'npx', args: ['@modelcontextprotocol/server-memory'] },
    });
    const listed = await postGraphQL<{ snapshotServers: { items: Row[] } }>(
      app.url,
      TEST_ADMIN_TOKEN,
      '{ snapshotServers(limit: 100) { items { serverName machine snapshotId status firstSeen lastSeen snapshotCount fleet { machineCount detectedMachineCount snapshotCount } } } }',
    );
    expect(listed.body.errors).toBeUndefined();
    rows = listed.body.data!.snapshotServers.items;
  });
  afterAll(() => app?.dispose());

  const row = (name: string, snapshot: keyof typeof T) =>
    rows.find((r) => r.serverName === name && r.snapshotId === ids[snapshot])!;

  it("keeps each machine's status: machine B's later snapshot does not turn machine A's servers to configured", () => {
    expect(row('github', 'a2')).toMatchObject({
      machine: 'machine-a',
      status: 'detected',
      firstSeen: T.a1,
      lastSeen: T.a2,
      snapshotCount: 2,
    });
    expect(row('github', 'a1').status).toBe('detected');
    expect(row('filesystem', 'a1')).toMatchObject({ status: 'configured', lastSeen: T.a1, snapshotCount: 1 });
    expect(row('slack', 'b2')).toMatchObject({
      machine: 'machine-b',
      status: 'detected',
      firstSeen: T.b1,
      lastSeen: T.b2,
      snapshotCount: 2,
    });
    expect(row('memory', 'b2')).toMatchObject({ status: 'detected', snapshotCount: 1 });
  });

  it('rolls a server name up across the machines', () => {
    expect(row('github', 'a2').fleet).toEqual({ machineCount: 1, detectedMachineCount: 1, snapshotCount: 2 });
    expect(row('filesystem', 'a1').fleet).toEqual({ machineCount: 1, detectedMachineCount: 0, snapshotCount: 1 });
  });

  it('lists the machines and their clients, with the account-wide roll-up', async () => {
    const fleet = await postGraphQL<{ inventoryFleet: Record<string, unknown> }>(
      app.url,
      TEST_ADMIN_TOKEN,
      `{ inventoryFleet { machineCount snapshotCount serverCount firstSeen lastSeen
          machines { machine snapshotCount firstSeen lastSeen latestSnapshotId serverCount clients { client snapshotCount firstSeen lastSeen serverCount } }
          clients { client machineCount serverCount snapshotCount firstSeen lastSeen } } }`,
    );
    expect(fleet.body.errors).toBeUndefined();
    expect(fleet.body.data!.inventoryFleet).toEqual({
      machineCount: 2,
      snapshotCount: 4,
      serverCount: 3,
      firstSeen: T.a1,
      lastSeen: T.b2,
      machines: [
        {
          machine: 'machine-b',
          snapshotCount: 2,
          firstSeen: T.b1,
          lastSeen: T.b2,
          latestSnapshotId: ids.b2,
          serverCount: 2,
          clients: [{ client: 'claude_desktop', snapshotCount: 2, firstSeen: T.b1, lastSeen: T.b2, serverCount: 2 }],
        },
        {
          machine: 'machine-a',
          snapshotCount: 2,
          firstSeen: T.a1,
          lastSeen: T.a2,
          latestSnapshotId: ids.a2,
          serverCount: 1,
          clients: [{ client: 'claude_desktop', snapshotCount: 2, firstSeen: T.a1, lastSeen: T.a2, serverCount: 1 }],
        },
      ],
      clients: [
        {
          client: 'claude_desktop',
          machineCount: 2,
          serverCount: 3,
          snapshotCount: 4,
          firstSeen: T.a1,
          lastSeen: T.b2,
        },
      ],
    });
  });

  it('reports drift per machine: each compared with its own previous snapshot, an unchanged secret not rotated', async () => {
    const query = `query($machine: String) { inventoryDrift(machine: $machine) { machine fromSnapshotId toSnapshotId servers { serverName change fields { field change before after } } } }`;
    const all = await postGraphQL<{ inventoryDrift: unknown[] }>(app.url, TEST_ADMIN_TOKEN, query);
    expect(all.body.errors).toBeUndefined();
    expect(all.body.data!.inventoryDrift).toEqual([
      {
        machine: 'machine-b',
        fromSnapshotId: ids.b1,
        toSnapshotId: ids.b2,
        servers: [{ serverName: 'memory', change: 'added', fields: [] }],
      },
      {
        machine: 'machine-a',
        fromSnapshotId: ids.a1,
        toSnapshotId: ids.a2,
        servers: [
          { serverName: 'filesystem', change: 'removed', fields: [] },
          {
            serverName: 'github',
            change: 'changed',
            fields: [
              {
                field: 'args',
                change: 'changed',
                before: '["-y","@modelcontextprotocol/server-github"]',
                after: '["-y","@modelcontextprotocol/server-github@2"]',
              },
            ],
          },
        ],
      },
    ]);
    const one = await postGraphQL<{ inventoryDrift: { machine: string }[] }>(app.url, TEST_ADMIN_TOKEN, query, {
      machine: 'machine-a',
    });
    expect(one.body.data!.inventoryDrift.map((d) => d.machine)).toEqual(['machine-a']);
  });

  it('narrows the server list to one command type', async () => {
    const query = `query($type: CommandType) { snapshotServers(limit: 100, commandType: $type) { total } }`;
    const count = async (type: string) =>
      (await postGraphQL<{ snapshotServers: { total: number } }>(app.url, TEST_ADMIN_TOKEN, query, { type })).body.data!
        .snapshotServers.total;
    expect(rows.length).toBeGreaterThan(0);
    expect(await count('node')).toBe(rows.length);
    expect(await count('python')).toBe(0);
  });

  it('refuses a command type outside the CommandType enum', async () => {
    const result = await postGraphQL(app.url, TEST_ADMIN_TOKEN, '{ snapshotServers(commandType: ruby) { total } }');
    expect(result.body.data ?? null).toBeNull();
    expect(result.body.errors?.[0]?.message).toContain('does not exist in "CommandType" enum');
  });

  it('keeps no server entry in the audit log, only counts', async () => {
    const where = { operation: 'mutation importSnapshot' };
    await expect.poll(() => app.db.prisma.auditEntry.count({ where })).toBe(4);
    const entries = await app.db.prisma.auditEntry.findMany({ where });
    const stored = JSON.stringify(entries.map((e) => e.arguments));
    expect(stored).toContain('"servers":2');
    for (const content of [token, 'server-github', 'mcpServers', 'GITHUB_TOKEN', '/Users/sam'])
      expect(stored).not.toContain(content);
  });
});
