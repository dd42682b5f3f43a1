import { describe, expect, it } from 'vitest';
import { driftBetween, unreadableKey, type DriftServer } from '../../../src/domain/inventory/server-drift.ts';

const server = (name: string, overrides: Partial<DriftServer> = {}): DriftServer => ({
  client: 'cursor',
  filePath: '/Users/[REDACTED_PII]/.cursor/mcp.json',
  serverName: name,
  transport: 'stdio',
  command: 'npx',
  args: ['-y', `@acme/${name}`],
  url: null,
  env: {},
  headers: {},
  disabled: false,
  secretFingerprints: {},
  ...overrides,
});

describe('drift between two snapshots of one machine', () => {
  it('reports servers added and removed', () => {
    expect(
      driftBetween([server('a'), server('b')], [server('b'), server('c')]).map((d) => [d.serverName, d.change]),
    ).toEqual([
      ['a', 'removed'],
      ['c', 'added'],
    ]);
  });

  it('reports nothing for an unchanged snapshot', () => {
    expect(
      driftBetween(
        [server('a', { env: { KEY: '[REDACTED_API_KEY]' }, secretFingerprints: { 'env.KEY': '0123456789abcdef' } })],
        [server('a', { env: { KEY: '[REDACTED_API_KEY]' }, secretFingerprints: { 'env.KEY': '0123456789abcdef' } })],
      ),
    ).toEqual([]);
  });

  it('names each changed field with before and after', () => {
    const [drift] = driftBetween(
      [server('a', { env: { MODE: 'dev', OLD: '1' } })],
      [server('a', { command: 'bunx', args: ['@acme/a@2'], disabled: true, env: { MODE: 'prod', NEW: '2' } })],
    );
    expect(drift).toEqual({
      client: 'cursor',
      filePath: '/Users/[REDACTED_PII]/.cursor/mcp.json',
      serverName: 'a',
      change: 'changed',
      fields: [
        { field: 'command', change: 'changed', before: 'npx', after: 'bunx' },
        { field: 'args', change: 'changed', before: '["-y","@acme/a"]', after: '["@acme/a@2"]' },
        { field: 'disabled', change: 'changed', before: 'false', after: 'true' },
        { field: 'env.MODE', change: 'changed', before: 'dev', after: 'prod' },
        { field: 'env.NEW', change: 'added', before: null, after: '2' },
        { field: 'env.OLD', change: 'removed', before: '1', after: null },
      ],
    });
  });

  it('tells a rotated secret from the same one by its fingerprint, though both look [REDACTED_TOKEN]', () => {
    const before = server('remote', {
      transport: 'http',
      command: null,
      args: [],
      url: 'https://mcp.example.com/mcp',
      headers: { Authorization: '[REDACTED_TOKEN]', 'X-Key': '[REDACTED_API_KEY]' },
      secretFingerprints: { 'headers.Authorization': 'aaaaaaaaaaaaaaaa', 'headers.X-Key': 'bbbbbbbbbbbbbbbb' },
    });
    const after = {
      ...before,
      secretFingerprints: { 'headers.Authorization': 'cccccccccccccccc', 'headers.X-Key': 'bbbbbbbbbbbbbbbb' },
    };
    expect(driftBetween([before], [after])[0]!.fields).toEqual([
      { field: 'headers.Authorization', change: 'rotated', before: null, after: null },
    ]);
  });

  it('keeps the same name in two files apart, and does not call servers of an unreadable file removed', () => {
    const project = server('db', { filePath: '/work/api/.cursor/mcp.json' });
    const global = server('db');
    expect(driftBetween([global], [global, project]).map((d) => [d.filePath, d.change])).toEqual([
      ['/work/api/.cursor/mcp.json', 'added'],
    ]);
    expect(
      driftBetween([global, project], [global], new Set([unreadableKey('cursor', '/work/api/.cursor/mcp.json')])),
    ).toEqual([]);
  });
});
