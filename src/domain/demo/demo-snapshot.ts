import { randomBytes } from 'node:crypto';
import type { ScannedSnapshot } from '../inventory/scanned-snapshot.ts';

/** Fake credentials of real shapes, made fresh each time so none is ever committed or reused. */
function fakeSecret(prefix: string, length: number): string {
  return (
    prefix +
    randomBytes(length)
      .toString('base64')
      .replace(/[^A-Za-z0-9]/g, '')
      .padEnd(length, '7')
      .slice(0, length)
  );
}

/** One machine's AI-client configs, as a developer's laptop typically has them, secrets included. */
export function demoSnapshot(takenAt: Date): ScannedSnapshot {
  const home = '/Users/alex';
  const claudeConfig = `${home}/Library/Application Support/Claude/claude_desktop_config.json`;
  const logs = (name: string) => [
    { path: `${home}/Library/Logs/Claude/mcp-server-${name}.log`, sizeBytes: 48_213, modifiedAt: takenAt },
  ];
  return {
    label: 'alex-macbook (demo)',
    hostname: 'alex-macbook.local',
    platform: 'darwin',
    takenAt,
    files: [
      {
        client: 'claude_desktop',
        fileName: 'claude_desktop_config.json',
        filePath: claudeConfig,
        scope: 'global',
        status: 'ok',
        error: null,
        servers: [
          {
            name: 'filesystem',
            transport: 'stdio',
            command: 'npx',
            args: ['-y', '@modelcontextprotocol/server-filesystem', `${home}/projects`],
            env: { NODE_ENV: 'production' },
            workingDirectory: `${home}/claude-mcp`,
            url: null,
            headers: {},
            disabled: false,
            secretFingerprints: {},
            logFiles: logs('filesystem'),
          },
          {
            name: 'github',
            transport: 'stdio',
            command: 'npx',
            args: ['-y', '@modelcontextprotocol/server-github'],
            env: { GITHUB_PERSONAL_ACCESS_TOKEN: fakeSecret('ghp_', 36), GITHUB_API_URL: 'https://api.github.com' },
            workingDirectory: null,
            url: null,
            headers: {},
            disabled: false,
            secretFingerprints: {},
            logFiles: logs('github'),
          },
          {
            name: 'postgres',
            transport: 'stdio',
            command: 'uvx',
            args: ['mcp-server-postgres', `postgresql://analyst:${fakeSecret('', 16)}@db.internal:5432/analytics`],
            env: {},
            workingDirectory: null,
            url: null,
            headers: {},
            disabled: false,
            secretFingerprints: {},
            logFiles: [],
          },
        ],
      },
      {
        client: 'cursor',
        fileName: 'mcp.json',
        filePath: `${home}/.cursor/mcp.json`,
        scope: 'global',
        status: 'ok',
        error: null,
        servers: [
          {
            name: 'filesystem',
            transport: 'stdio',
            command: 'npx',
            args: ['-y', '@modelcontextprotocol/server-filesystem', `${home}/code`],
            env: {},
            workingDirectory: null,
            url: null,
            headers: {},
            disabled: false,
            secretFingerprints: {},
            logFiles: [],
          },
          {
            name: 'stripe',
            transport: 'stdio',
            command: 'npx',
            args: ['-y', '@stripe/mcp', '--tools=all'],
            env: { STRIPE_SECRET_KEY: fakeSecret('sk_test_', 24) },
            workingDirectory: null,
            url: null,
            headers: {},
            disabled: false,
            secretFingerprints: {},
            logFiles: [],
          },
          {
            name: 'trafficgraph',
            transport: 'http',
            command: null,
            args: [],
            env: {},
            workingDirectory: null,
            url: 'http://127.0.0.1:8000/mcp',
            headers: { Authorization: '${input:trafficgraph-token}' },
            disabled: false,
            secretFingerprints: {},
            logFiles: [],
          },
        ],
      },
    ],
  };
}
