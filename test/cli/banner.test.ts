import { describe, expect, it } from 'vitest';
import type { RunningServer } from '../../src/app.ts';
import { connectionBanner } from '../../src/cli/banner.ts';

const URL = 'http://127.0.0.1:43117';
const ADMIN = `tga_${'a'.repeat(40)}`;
const MCP = `tgp_${'b'.repeat(40)}`;

/** Only what the banner reads; the rest of a running server plays no part in what it prints. */
function started(overrides: Partial<RunningServer>): RunningServer {
  return {
    url: URL,
    db: { kind: 'pglite', location: '/srv/data' },
    createdAdminToken: null,
    demoMcpToken: null,
    demoSeeded: null,
    workspaceCreated: false,
    ...overrides,
  } as RunningServer;
}

const commands = (text: string) => text.split('\n').filter((line) => line.includes('npx trafficgraph'));

describe('the start banner', () => {
  it('on a terminal shows the admin and demo MCP tokens', () => {
    const text = connectionBanner(started({ createdAdminToken: ADMIN, demoMcpToken: MCP }), { kind: 'terminal' });
    expect(text).toContain(ADMIN);
    expect(text).toContain(MCP);
  });

  it('when stdout is not a terminal prints no token and says where the admin token is and how to make an MCP token', () => {
    const text = connectionBanner(started({ createdAdminToken: ADMIN, demoMcpToken: MCP }), {
      kind: 'not-a-terminal',
      adminTokenFile: '/srv/data/admin-token',
    });
    expect(text).not.toContain(ADMIN);
    expect(text).not.toContain(MCP);
    expect(text).toContain('written once to /srv/data/admin-token');
    expect(text).toContain(
      `Make one you can see: npx trafficgraph token create --name my-assistant --env production --all-buckets --server ${URL}`,
    );
  });

  it('after creating the account of an empty database prints the next steps, each command aimed at this server', () => {
    const text = connectionBanner(started({ workspaceCreated: true, createdAdminToken: ADMIN }), { kind: 'terminal' });
    expect(text).toContain('created its one account');
    const lines = commands(text);
    expect(lines.map((line) => line.trim().split(' ').slice(0, 4).join(' '))).toEqual([
      'npx trafficgraph environment create',
      'npx trafficgraph bucket create',
      'npx trafficgraph token create',
      'npx trafficgraph token create',
    ]);
    for (const line of lines) expect(line).toContain(`--server ${URL}`);
    expect(text).toContain(`curl -s ${URL}/api/v1/ingest`);
  });

  it('on a restart names the server in the command it suggests', () => {
    const lines = commands(connectionBanner(started({}), { kind: 'terminal' }));
    expect(lines).toHaveLength(1);
    expect(lines[0]).toContain(`--server ${URL}`);
  });
});
